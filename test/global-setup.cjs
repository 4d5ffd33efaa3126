// Before any test: the prebuilt CLI, as `npm ci` leaves it, so the CLI tests run what users run.
// Rebuilt only when a source changed since the last build (the same stamp bin/gzwatch.cjs checks);
// here, before the workers start, since a build replaces the bundles under every running CLI.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { freshBundle } = require('../bin/fresh-bundle.cjs');

module.exports = () => {
  const root = path.resolve(__dirname, '..');
  if (!freshBundle(root)) execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.cjs')], { stdio: 'inherit' });
  if (!freshBundle(root)) throw new Error('the CLI bundle could not be built (see above): run `npm run build:cli`');
};
