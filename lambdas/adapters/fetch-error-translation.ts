/**
 * Node's errors (errno codes, AggregateErrors of every address tried, aborts, the network policy's
 * refusal) → the one-line SourceFailure a person reads in `gzwatch sources`.
 */
import type { SourceFailure } from '../core/errors';
import { BlockedFailure, FetchTimeoutFailure, NetworkFailure } from './fetch-errors';
import { AddressRefusedError } from './network-policy';

/** Codes that mean "this host cannot be reached now": retrying only burns the budget. */
export const NOT_RETRIED_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * The errors behind `error`: its cause chain, and the attempts of an AggregateError (Node's
 * connect with autoSelectFamily tries every address and reports them together).
 */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    chain.push(e);
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

/** The most specific `code` along an error's chain. */
export function errorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  // Errno codes (ECONNREFUSED, ENOTFOUND) say more than wrappers (ABORT_ERR, ERR_STREAM_...).
  return codes.find((code) => /^E[A-Z]/.test(code)) ?? codes[0];
}

function findRefusal(error: unknown): AddressRefusedError | undefined {
  return errorChain(error).find((e): e is AddressRefusedError => e instanceof AddressRefusedError);
}

function explainNetworkCode(code: string, host: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return `cannot reach host ${host}: DNS lookup failed (no internet?)`;
    case 'ECONNREFUSED':
      return `cannot reach host ${host}: connection refused (server down?)`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `cannot reach host ${host}: network unreachable (no internet?)`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return `connection to ${host} closed by the other side`;
    default:
      if (code.startsWith('HPE_')) return `${host} answered with something that is not valid HTTP/1.1`;
      return code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('UNABLE_TO_')
        ? `TLS handshake with ${host} failed (certificate problem)`
        : `cannot reach host ${host} (no internet?)`;
  }
}

/** A failed request to `url` (limited to `limitMs`) as the SourceFailure that says why. */
export function translateFetchError(error: unknown, url: string, limitMs: number): SourceFailure {
  const refusal = findRefusal(error);
  if (refusal) return new BlockedFailure(url, refusal.reason);
  const code = errorCode(error) ?? 'UNKNOWN';
  if (code === 'ETIMEDOUT') {
    return new FetchTimeoutFailure(url, limitMs);
  }
  if (code === 'UNKNOWN') {
    return new NetworkFailure(url, code, error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
  }
  return new NetworkFailure(url, code, explainNetworkCode(code, new URL(url).host));
}
