// Loaded with `node --require` (through NODE_OPTIONS) by the CLI laziness test: when the process
// ends, writes every module file it loaded (require.cache, which bin/load-bundle.cjs also fills)
// to the file named by GZWATCH_TEST_LOADED_MODULES.
const fs = require('node:fs');

const out = process.env.GZWATCH_TEST_LOADED_MODULES;
if (out) {
  process.on('exit', () => {
    fs.writeFileSync(out, JSON.stringify(Object.keys(require.cache)));
  });
}
