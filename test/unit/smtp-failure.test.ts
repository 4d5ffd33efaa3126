import { classifySmtpFailure, type SmtpError } from '../../lambdas/adapters/mail/smtp-failure';

const error = (props: Partial<SmtpError>): SmtpError => Object.assign(new Error(props.message ?? 'failed'), props);

test('a wrong password (535 to AUTH) is temporary and not retried in the run: fixing the URL makes the next run send', () => {
  const failure = classifySmtpFailure(error({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', message: 'Invalid login: 535 5.7.8 bad credentials' }), false, 'smtp.example.net:587');
  expect(failure).toMatchObject({ kind: 'temporary', retryNow: false });
  expect(failure.message).toBe('SMTP smtp.example.net:587 at AUTH PLAIN: Invalid login: 535 5.7.8 bad credentials');
});

test('503 (bad sequence) is never taken as a verdict on the message', () => {
  expect(classifySmtpFailure(error({ responseCode: 503, command: 'RCPT TO' }), false, 'h:25').kind).toBe('temporary');
});

test('a refused connection is retried in the run; a reset after the dot is ambiguous', () => {
  expect(classifySmtpFailure(error({ code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED' }), false, 'h:25')).toMatchObject({ kind: 'temporary', retryNow: true });
  expect(classifySmtpFailure(error({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }), true, 'h:25')).toMatchObject({ kind: 'ambiguous', retryNow: false });
});
