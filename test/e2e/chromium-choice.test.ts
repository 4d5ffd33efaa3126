/**
 * The order the README's Development section promises for the browser tests: CHROMIUM_PATH, then a
 * Chromium on PATH, then the one unpacked from @sparticuz/chromium, which must really start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium, launchChromium } from '../helpers/chromium';

jest.setTimeout(120_000);

const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH, TMPDIR: process.env.TMPDIR };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-chromium-choice-'));
});

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function fakeBrowser(name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  return file;
}

test('CHROMIUM_PATH wins over a browser on PATH', () => {
  process.env.PATH = dir;
  fakeBrowser('chromium');
  process.env.CHROMIUM_PATH = fakeBrowser('my-chrome');
  expect(findChromium()).toBe(path.join(dir, 'my-chrome'));
});

test('a CHROMIUM_PATH that names nothing is an error, not a silent fallback', () => {
  process.env.CHROMIUM_PATH = path.join(dir, 'missing');
  expect(() => findChromium()).toThrow(`CHROMIUM_PATH=${path.join(dir, 'missing')}: no such file`);
});

test('a system Chromium on PATH comes next, chromium-browser before google-chrome', () => {
  delete process.env.CHROMIUM_PATH;
  process.env.PATH = dir;
  fakeBrowser('google-chrome');
  expect(findChromium()).toBe(path.join(dir, 'google-chrome'));
  fakeBrowser('chromium-browser');
  expect(findChromium()).toBe(path.join(dir, 'chromium-browser'));
});

test('with neither, the Chromium of @sparticuz/chromium is unpacked into a fresh temp folder and opens a page', async () => {
  delete process.env.CHROMIUM_PATH;
  process.env.PATH = dir;
  // A temp folder of its own, as on a fresh machine: nothing unpacked yet.
  process.env.TMPDIR = dir;
  const binary = findChromium();
  expect(binary).toMatch(new RegExp(`^${dir}/gzwatch-chromium-[\\d.]+/chromium$`));
  expect(fs.readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<title>云从科技</title><p>ok</p>');
    expect(await page.title()).toBe('云从科技');
    expect(browser.version()).toMatch(/^\d+\./);
  } finally {
    await browser.close();
  }
});
