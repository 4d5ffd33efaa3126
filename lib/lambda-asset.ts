/**
 * Builds one Lambda's asset directory: the handler bundle (index.js) and, beside it, each package
 * in LAZY_PACKAGES that the bundle requires, bundled on its own into node_modules/<name>/index.js.
 * The stack (lib/lambda-code.ts) and the bench (scripts/bench-bundles.ts) both call this, so the
 * bench loads exactly what is deployed.
 *
 * Why separate files: a package inside index.js costs its read and pre-parse at every cold start,
 * even when esbuild wraps it so that it only runs on first `require`. Outside index.js, Node reads
 * it only when the code path that requires it runs (an alert mail, an SQS batch).
 *
 * Synchronous (esbuild's buildSync, no plugins) because CDK's local bundling is synchronous.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { BUNDLE_SETTINGS, HANDLER_ENTRIES, LAZY_PACKAGES, PROJECT_ROOT } from './bundling';

export interface LambdaAsset {
  /** The handler bundle, index.js. */
  handlerFile: string;
  /** Bytes of index.js (without its source map): what every cold start reads. */
  handlerBytes: number;
  /** The lazily loaded modules written beside it, by import path (`nodemailer`, `nodemailer/lib/smtp-connection`). */
  lazyModules: string[];
}

/** The package in LAZY_PACKAGES an import path belongs to (`nodemailer/lib/x` → `nodemailer`), if any. */
export function lazyPackageOf(importPath: string): string | undefined {
  return LAZY_PACKAGES.find((p) => importPath === p || importPath.startsWith(`${p}/`));
}

function common(): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    target: BUNDLE_SETTINGS.target,
    format: BUNDLE_SETTINGS.format,
    platform: BUNDLE_SETTINGS.platform,
    charset: BUNDLE_SETTINGS.charset,
    alias: BUNDLE_SETTINGS.alias,
    metafile: true,
    logLevel: 'warning',
  };
}

/** Import paths of lazy packages that a build's output requires (they were left external). */
function lazyImports(metafile: Metafile): string[] {
  const paths = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return [...new Set(paths.filter((p) => lazyPackageOf(p) !== undefined))];
}

/**
 * `entry` is a file relative to the project root (a handler, or the bench's floor). Each lazy
 * import path the output requires (`nodemailer`, `nodemailer/lib/smtp-connection`) becomes its own
 * bundle at node_modules/<path>/index.js, where Node's resolution from index.js finds it; those
 * bundles leave the other lazy packages external in turn.
 */
export function buildLambdaAssetFromEntry(entry: string, outDir: string): LambdaAsset {
  const handlerFile = path.join(outDir, 'index.js');
  const external = [...BUNDLE_SETTINGS.externalModules, ...LAZY_PACKAGES];
  const main = buildSync({ ...common(), entryPoints: [path.join(PROJECT_ROOT, entry)], outfile: handlerFile, external });
  const pending = lazyImports(main.metafile!);
  const written = new Set<string>();
  while (pending.length > 0) {
    const importPath = pending.shift()!;
    if (written.has(importPath)) continue;
    written.add(importPath);
    const own = lazyPackageOf(importPath)!;
    const built = buildSync({
      ...common(),
      stdin: { contents: `module.exports = require(${JSON.stringify(importPath)});`, resolveDir: PROJECT_ROOT, sourcefile: `lazy:${importPath}`, loader: 'js' },
      outfile: path.join(outDir, 'node_modules', importPath, 'index.js'),
      // A package's own subpaths are bundled with it; other lazy packages stay separate files.
      external: [...BUNDLE_SETTINGS.externalModules, ...LAZY_PACKAGES.filter((p) => p !== own)],
    });
    pending.push(...lazyImports(built.metafile!));
  }
  return { handlerFile, handlerBytes: fs.statSync(handlerFile).size, lazyModules: [...written].sort() };
}

export function buildLambdaAsset(name: keyof typeof HANDLER_ENTRIES, outDir: string): LambdaAsset {
  return buildLambdaAssetFromEntry(HANDLER_ENTRIES[name], outDir);
}
