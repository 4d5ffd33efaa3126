#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx gzwatch` works right after
// `npm ci` with no build step to remember.
require('tsx/cjs');
require('../lambdas/cli/main.ts');
