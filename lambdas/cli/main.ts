import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { InputError } from '../core/errors';
import { registerDemo } from './commands/demo';
import { registerDigest } from './commands/digest';
import { registerExtract } from './commands/extract';
import { registerMatch } from './commands/match';
import { registerMentions } from './commands/mentions';
import { registerPreview } from './commands/preview';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerSources } from './commands/sources';
import { registerSubscribers } from './commands/subscribers';
import { registerWatchlist } from './commands/watchlist';

/** Exit codes: 0 done, 1 the work failed (e.g. a digest stayed undelivered), 2 bad input. */
export function buildProgram(): Command {
  const program = new Command('gzwatch')
    .description("Monitor of Guangzhou's AI industry: news and policy mentions of the companies, people and topics you follow.")
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerRun, registerDigest, registerMatch, registerExtract, registerWatchlist, registerSources, registerSubscribers, registerMentions, registerPreview, registerDemo, registerServe]) {
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
    process.stderr.write(`gzwatch: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.GZWATCH_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
