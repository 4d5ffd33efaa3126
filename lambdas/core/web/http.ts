/** The router's view of HTTP: plain data, so a Lambda event and a node:http request both map onto it. */
export interface WebRequest {
  method: string;
  /** The path without the query, percent-encoded as received. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** Who asks (the socket's or the Function URL's source address), for the per-client rate limit. */
  client?: string;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Pages load nothing from elsewhere: no scripts at all, styles and images from this origin only,
 * forms post back here, and nobody may frame them. The digest's own inline styles and its
 * data: chart are allowed on the "view in browser" page only (DIGEST_CSP).
 */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
export const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // Link tokens are in URLs: never hand them to another site as a referrer.
  'Referrer-Policy': 'no-referrer',
};

export function html(status: number, body: string, extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra }, body };
}

export function json(status: number, value: unknown, extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): WebResponse {
  return { status, headers: { 'Content-Type': contentType, ...SECURITY_HEADERS, ...extra }, body };
}

/** Form fields (application/x-www-form-urlencoded), every value of each name. */
export function formFields(body: string): URLSearchParams {
  return new URLSearchParams(body);
}
