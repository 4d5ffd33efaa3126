/**
 * A command's action, loaded when the command runs: the specs in ./specs name, describe and
 * parse every command (all that `--help` needs) and import no implementation, so `gzwatch --help`
 * never loads the AWS SDK, dynalite or cheerio. In the prebuilt CLI each module under ./commands
 * is a bundle of its own (scripts/build-cli.cjs), required here only when its action runs.
 */
export function lazyAction<M>(load: () => M, name: keyof M): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    await (load()[name] as (...a: unknown[]) => unknown)(...args);
  };
}
