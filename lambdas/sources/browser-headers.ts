/**
 * Request headers some sites insist on, kept as data beside the sources that need them: gd.gov.cn,
 * gov.cn, dayoo and 36kr refuse or degrade clients that do not look like a browser; MIIT's search
 * API answers only with its own search page as Referer.
 */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export function browserHeaders(referer?: string): Record<string, string> {
  return referer ? { 'User-Agent': BROWSER_USER_AGENT, Referer: referer } : { 'User-Agent': BROWSER_USER_AGENT };
}
