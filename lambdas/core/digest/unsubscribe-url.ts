/**
 * Where a subscriber unsubscribes: `base` + token when an https endpoint is configured, otherwise a
 * mailto: the sender's address, so every digest still carries a working unsubscribe link.
 */
export function unsubscribeUrl(base: string | undefined, from: string, token: string): string {
  if (base) return `${base}${encodeURIComponent(token)}`;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return `mailto:${address}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
}

/** RFC 8058 one-click needs an https URL; a mailto: link still gives clients an unsubscribe button. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return url.startsWith('https:') ? { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : { 'List-Unsubscribe': `<${url}>` };
}
