// Loads the prebuilt CLI bundles (scripts/build-cli.cjs) with a V8 code cache beside each one.
// Compiling a bundle is most of what a short command costs: V8 must at least pre-parse every
// function of a few megabytes of JavaScript. The cache holds what V8 compiled during a run, so the
// next run skips that. Node 22 has module.enableCompileCache() for this, but this CLI runs on
// Node 20, whose vm.Script has taken cachedData since long before.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Scripts compiled without a usable cache this run: their cache is written when the command ends. */
const toSave = [];

/**
 * The cache's name carries the bundle's size and mtime: V8 checks only that a cache fits the
 * source's length, so a cache written for an older build (by a process that was still running when
 * the bundles were rebuilt) must not be found for a newer one.
 */
function cachePath(file) {
  const stat = fs.statSync(file);
  return `${file}.${stat.size}-${Math.round(stat.mtimeMs)}.v8cache`;
}

/** Runs one bundle as a CommonJS module; its `require('./<name>.cjs')` of another bundle comes back here. */
function loadBundle(file, parent) {
  const known = require.cache[file];
  if (known) return known.exports;
  const cacheFile = cachePath(file);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // first run of this build
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) toSave.push({ script, cacheFile });
  const mod = new Module(file, parent);
  mod.filename = file;
  const nodeRequire = Module.createRequire(file);
  const dir = path.dirname(file);
  const bundleRequire = (id) => (/^\.\/[\w-]+\.cjs$/.test(id) ? loadBundle(path.join(dir, id), mod) : nodeRequire(id));
  Object.assign(bundleRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main });
  // In require.cache like any module: loaded once, and visible to whoever lists what was loaded.
  require.cache[file] = mod;
  try {
    script.runInThisContext()(mod.exports, bundleRequire, mod, file, dir);
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  return mod.exports;
}

/** Writes the caches missing at start (once per build; a folder we may not write to is no error). */
function saveCodeCaches() {
  for (const { script, cacheFile } of toSave.splice(0)) {
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, cacheFile); // whole or not at all, even with two runs at once
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

module.exports = { loadBundle, saveCodeCaches };
