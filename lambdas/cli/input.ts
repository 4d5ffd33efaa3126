import fs from 'node:fs';
import { InputError } from '../core/errors';
import { parseCalendarDate, shanghaiDate } from '../core/time';

/** Reads a file (or standard input for "-"), turning "no such file" into an input error naming it. */
export function readInput(file: string | undefined): Buffer {
  if (file === undefined || file === '-') return fs.readFileSync(0);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message})`);
  }
}

export function readJsonFile(file: string): unknown {
  const text = readInput(file).toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A plain address (no display name, no CR/LF); the field name goes into the error. */
export function parseEmail(value: string, field = 'EMAIL'): string {
  const email = value.trim();
  if (!EMAIL.test(email) || email.length > 254) throw new InputError(`${field}: "${value}" is not an email address (expected something like name@example.com)`);
  return email;
}

export function parseDateOption(value: string | undefined, field = '--date'): string | undefined {
  if (value === undefined) return undefined;
  const date = parseCalendarDate(value);
  if (!date) throw new InputError(`${field}: "${value}" is not a calendar date; use YYYY-MM-DD, e.g. 2026-11-29`);
  // A digest covers what has been seen: a day still to come has nothing yet.
  if (date > shanghaiDate(new Date())) throw new InputError(`${field}: ${date} is after today (${shanghaiDate(new Date())}, Asia/Shanghai); give today or an earlier day`);
  return date;
}
