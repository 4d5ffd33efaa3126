import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { WebRequest } from './http';

/** A Lambda Function URL event (payload 2.0) as the router's request; a base64 body is decoded. */
export function fromFunctionUrlEvent(event: LambdaFunctionURLEvent): WebRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath || '/',
    query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
    headers,
    body,
    client: event.requestContext.http.sourceIp,
  };
}
