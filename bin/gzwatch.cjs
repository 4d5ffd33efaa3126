#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx gzwatch` works right after
// `npm ci` with no build step to remember.
// The pinned AWS SDK runs on Node 20, the runtime this CLI supports; its notice about future
// releases needing Node 22 is for maintainers (see README), not for every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
const { main } = require('../lambdas/cli/main.ts');

main(process.argv).then((code) => {
  // Everything was closed already; exiting here keeps a stray socket from holding the shell.
  process.exit(code);
});
