#!/usr/bin/env node
// Runs the CLI: the prebuilt bundle when it matches the sources (scripts/build-cli.cjs, run by
// `npm ci`), otherwise the TypeScript straight from source through tsx, so `npx gzwatch` works
// right after a checkout or an edit with no build step to remember.
// The pinned AWS SDK runs on Node 20, the runtime this CLI supports; its notice about future
// releases needing Node 22 is for maintainers (see README), not for every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`gzwatch watchlist export | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const path = require('node:path');
const { freshBundle } = require('./fresh-bundle.cjs');

// GZWATCH_FROM_SOURCE=1 skips the bundle (to debug with source paths in stack traces).
const bundle = process.env.GZWATCH_FROM_SOURCE ? undefined : freshBundle(path.resolve(__dirname, '..'));
let main;
let done = () => undefined;
if (bundle) {
  const { loadBundle, saveCodeCaches } = require('./load-bundle.cjs');
  ({ main } = loadBundle(bundle, module));
  done = saveCodeCaches;
} else {
  require('tsx/cjs');
  ({ main } = require('../lambdas/cli/main.ts'));
}

main(process.argv).then((code) => {
  done();
  // Output to a pipe is written asynchronously: exit only once stdout and stderr have taken
  // everything (an empty write calls back after what was queued before it). Exiting explicitly
  // keeps a stray socket from holding the shell.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
