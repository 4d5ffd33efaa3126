/**
 * Secrets that ride in URLs (user:pass@, api keys in the query) are for the fetch only: every
 * URL shown, mailed, logged or stored for display goes through here first.
 */
const SECRET_PARAM = /^(?:.*[_-])?(?:key|apikey|api_key|token|access_token|secret|password|passwd|pwd|pass|sig|signature|sign|auth|authorization|credential|credentials|session|sessionid|ticket)$/i;

/** The URL without userinfo, with the value of each secret-looking query parameter masked. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
    changed = true;
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, '***');
      changed = true;
    }
  }
  return changed ? parsed.toString().replace(/=\*\*\*/g, '=***').replace(/%2A%2A%2A/g, '***') : url;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>)\]]+/g;

/** Every URL in a message redacted, the rest unchanged ("HTTP 403 from https://u:p@host/…"). */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}
