import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Which Chromium the browser tests drive, first found wins:
 * 1. `CHROMIUM_PATH` (an error if it names nothing: a wrong override should not be silently replaced);
 * 2. a system browser on PATH (chromium, chromium-browser, google-chrome), which has the system's fonts;
 * 3. the x86-64 Chromium shipped compressed in the devDependency `@sparticuz/chromium`, so `npm test`
 *    needs no apt and no download on a fresh machine.
 * playwright-core never downloads a browser of its own.
 */
const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const ROOT = path.resolve(__dirname, '../..');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    // The closed network here refuses Chromium's background calls; these flags keep it quiet and fast.
    // @sparticuz/chromium's own args are for Lambda (--single-process, no web security); the sandbox
    // flag is the only one a container needs, and the same flags suit every browser found.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function findChromium(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!fs.existsSync(override)) throw new Error(`CHROMIUM_PATH=${override}: no such file; unset it to use a system Chromium or the one in @sparticuz/chromium`);
    return override;
  }
  return systemChromium() ?? bundledChromium();
}

function systemChromium(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_BROWSERS) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Decompresses @sparticuz/chromium's browser once per package version into the temp folder and
 * returns its path. The package is ESM and inflates into `os.tmpdir()`, so it runs in a child Node
 * with TMPDIR pointing at a private folder, which is then renamed into place: two test processes
 * starting together never run a half-written binary, and the shared /tmp/chromium of other tools is
 * left alone.
 */
function bundledChromium(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Chromium found: @sparticuz/chromium ships a linux-x64 build only (this is ${process.platform}-${process.arch}); install Chromium or set CHROMIUM_PATH`);
  }
  const pkg = packageRoot('@sparticuz/chromium');
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  // TMPDIR read here as os.tmpdir() would, but through this process's env (which jest sandboxes).
  const target = path.join(process.env.TMPDIR || os.tmpdir(), `gzwatch-chromium-${version}`);
  const binary = path.join(target, 'chromium');
  if (isExecutable(binary)) return binary;

  const staging = fs.mkdtempSync(`${target}.partial-`);
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', "import c from '@sparticuz/chromium'; c.setGraphicsMode = false; await c.executablePath();"], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: staging },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another process renamed its copy into place first: use that one.
    if (isExecutable(binary)) return binary;
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`could not unpack the Chromium of @sparticuz/chromium into ${target}: ${detail.trim()}`, { cause: error });
  }
  return binary;
}

/** The folder of an installed package: its entry's nearest ancestor with a package.json of that name. */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name, { paths: [ROOT] }));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`cannot find the folder of ${name}`);
}
