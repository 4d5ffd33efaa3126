import { createHash } from 'node:crypto';

/** A short stable id for an article, from its canonical URL (the same story URL is the same article). */
export function articleIdForUrl(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 24);
}
