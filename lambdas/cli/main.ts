import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { InputError } from '../core/errors';
import { registerChannels } from './specs/channels';
import { registerDemo } from './specs/demo';
import { registerDigest } from './specs/digest';
import { registerExtract } from './specs/extract';
import { registerMatch } from './specs/match';
import { registerMentions } from './specs/mentions';
import { registerPreview } from './specs/preview';
import { registerRun } from './specs/run';
import { registerServe } from './specs/serve';
import { registerSources } from './specs/sources';
import { registerSubscribers } from './specs/subscribers';
import { registerWatchlist } from './specs/watchlist';

/** What went wrong, in a line that says what to do; a full disk names the folder, not a stack trace. */
export function describeFailure(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const chain = [e, e?.cause as NodeJS.ErrnoException | undefined].filter(Boolean);
  const full = chain.find((c) => c?.code === 'ENOSPC' || c?.code === 'EDQUOT' || /ENOSPC|No space left on device/.test(String(c?.message)));
  if (full) {
    const where = (full as { path?: string }).path ?? process.env.GZWATCH_HOME ?? './.gzwatch';
    return `the disk holding ${where} is full: nothing more was written. Free some space (or set GZWATCH_HOME to a folder on another disk) and run the command again.`;
  }
  return e?.message ?? String(error);
}

/** Exit codes: 0 done, 1 the work failed (e.g. a digest stayed undelivered), 2 bad input. */
export function buildProgram(): Command {
  const program = new Command('gzwatch')
    .description("Monitor of Guangzhou's AI industry: news and policy mentions of the companies, people and topics you follow.")
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerRun, registerDigest, registerMatch, registerExtract, registerWatchlist, registerSources, registerSubscribers, registerChannels, registerMentions, registerPreview, registerDemo, registerServe]) {
    register(program);
  }
  program.commands.forEach(function exitOverride(c: Command) {
    c.exitOverride();
    c.commands.forEach(exitOverride);
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`gzwatch: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`gzwatch: ${describeFailure(error)}\n`);
    if (process.env.GZWATCH_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
