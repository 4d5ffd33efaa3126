// Whether the prebuilt CLI bundles may run: plain CommonJS, loaded before anything else.
const fs = require('node:fs');
const path = require('node:path');

/** The stamp of the latest build: which build folder it wrote, from which files, and its bundles. */
const stampPath = (root) => path.join(root, '.gzwatch-build', 'cli-stamp.json');

/**
 * Where one build's bundles are (scripts/build-cli.cjs). Each build has its own folder, so a
 * `gzwatch serve` started before a rebuild keeps requiring its lazily loaded bundles from the
 * build it started with, never a mix of two builds.
 */
const bundleDir = (root, build) => path.join(root, '.gzwatch-build', build, 'cli');

/**
 * The main bundle's path if every project file the bundles were built from still has the size and
 * mtime the stamp recorded (one stat per file, a few milliseconds) and every bundle the build wrote
 * is there; undefined when anything differs, a file is gone, or there is no stamp (never built, or
 * a build that failed).
 */
function freshBundle(root) {
  try {
    const { build, inputs, outputs } = JSON.parse(fs.readFileSync(stampPath(root), 'utf8'));
    if (typeof build !== 'string' || !/^[\w-]+$/.test(build) || !Array.isArray(inputs) || inputs.length === 0 || !Array.isArray(outputs)) return undefined;
    for (const [file, size, mtimeMs] of inputs) {
      const stat = fs.statSync(path.join(root, file));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return undefined;
    }
    const dist = bundleDir(root, build);
    if (!outputs.includes('cli.cjs') || !outputs.every((file) => fs.existsSync(path.join(dist, file)))) return undefined;
    return path.join(dist, 'cli.cjs');
  } catch {
    return undefined;
  }
}

module.exports = { bundleDir, freshBundle, stampPath };
