import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { composeAws } from '../composition/aws';
import { webDeps } from '../composition/use-case-deps';
import { handleWebRequest, type WebDeps } from '../core/web/router';
import { fromFunctionUrlEvent } from '../core/web/function-url';

const services = composeAws();
const depsByBase = new Map<string, WebDeps>();

/**
 * The web service behind the Function URL: the event becomes the router's request, its answer
 * the function's result. Without GZWATCH_PUBLIC_URL the links point at the Function URL itself.
 */
export const handler = async (event: LambdaFunctionURLEvent): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> => {
  const base = services.config.publicUrl ?? `https://${event.requestContext.domainName}/`;
  let deps = depsByBase.get(base);
  if (!deps) depsByBase.set(base, (deps = webDeps(services, base)));
  const response = await handleWebRequest(deps, fromFunctionUrlEvent(event));
  if (response.status >= 500) services.logger.error('web request failed', { path: event.rawPath, status: response.status });
  return { statusCode: response.status, headers: response.headers, body: response.body };
};
