import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  /** Makes the next `n` messages fail with a 451 temporary error. */
  failNext(n: number): void;
  /** Refuses this recipient for good from now on: 550 to its RCPT TO. */
  refuseRecipient(address: string): void;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that parses what arrives with mailparser. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  let failures = 0;
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      const error = new Error('5.1.1 mailbox unavailable: user unknown') as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      // A client that dies mid-DATA (the crash tests) leaves no message, only this error.
      stream.on('error', () => undefined);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const error = new Error('try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        // skipImageLinks keeps cid: references as sent instead of inlining them as data: URLs.
        simpleParser(Buffer.concat(chunks), { skipImageLinks: true })
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      });
    },
  });
  // Connection resets from killed clients are part of the tests, not failures of the server.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    received,
    failNext(n) {
      failures = n;
    },
    refuseRecipient(address) {
      refused.add(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
