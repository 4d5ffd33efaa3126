// Whether the prebuilt CLI bundles may run: plain CommonJS, loaded before anything else.
const fs = require('node:fs');
const path = require('node:path');

/** Where scripts/build-cli.cjs writes the bundles and their stamp. */
const bundleDir = (root) => path.join(root, '.gzwatch-build', 'cli', 'dist');

/**
 * The main bundle's path if every project file the bundles were built from still has the size and
 * mtime the stamp recorded (one stat per file, a few milliseconds) and every bundle the build wrote
 * is there; undefined when anything differs, a file is gone, or there is no stamp (never built, or
 * a build that stopped half-way).
 */
function freshBundle(root) {
  const dist = bundleDir(root);
  try {
    const { inputs, outputs = ['cli.cjs'] } = JSON.parse(fs.readFileSync(path.join(dist, 'stamp.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0 || !Array.isArray(outputs)) return undefined;
    for (const [file, size, mtimeMs] of inputs) {
      const stat = fs.statSync(path.join(root, file));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return undefined;
    }
    if (!outputs.every((file) => fs.existsSync(path.join(dist, file)))) return undefined;
    const bundle = path.join(dist, 'cli.cjs');
    return fs.existsSync(bundle) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { bundleDir, freshBundle };
