import { MailFailure } from '../../core/mail-failure';

interface SdkError extends Error {
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** SES refused this message for good: sending it again changes nothing. */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'InvalidParameterValue']);
/** Worth another try in a moment: SES asked us to slow down, or had a passing fault. */
const RETRY_NOW = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'InternalServiceErrorException', 'ServiceUnavailable', 'InternalFailure']);
/** Not about this message but not going away within the run: a paused or suspended account, the daily quota, a missing configuration set. */
const LATER = new Set(['SendingPausedException', 'AccountSuspendedException', 'LimitExceededException', 'NotFoundException', 'CredentialsProviderError']);
/** The request never left: nothing can have been sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Classifies an SES SendEmail failure (see core/mail-failure.ts). An answer from SES (an HTTP
 * status) means it did not send the message; an error without one after the request may have
 * reached SES (a reset, a timeout) is ambiguous: SES may have sent it, so it is not sent again.
 */
export function classifySesFailure(error: SdkError): MailFailure {
  const name = error.name ?? '';
  const message = `SES ${name}: ${error.message}`;
  const status = error.$metadata?.httpStatusCode;
  if (PERMANENT.has(name)) return new MailFailure(message, 'permanent', false, { cause: error });
  if (RETRY_NOW.has(name) || (status !== undefined && status >= 500)) return new MailFailure(message, 'temporary', true, { cause: error });
  if (LATER.has(name) || status !== undefined) return new MailFailure(message, 'temporary', false, { cause: error });
  if (NOT_SENT_CODES.has(error.code ?? '')) return new MailFailure(message, 'temporary', true, { cause: error });
  return new MailFailure(`${message} (no answer from SES; it may have sent the message, so it is not sent again)`, 'ambiguous', false, { cause: error });
}
