import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';

/** The points of an SMTP session where the scripted server can refuse, reset or fall silent. */
export type SmtpStage = 'greeting' | 'ehlo' | 'mail' | 'rcpt' | 'data' | 'dot';
/** A reply line such as "450 4.2.0 greylisted", or 'reset' (drop the connection) or 'hang' (never answer). */
export type StageAnswer = string | 'reset' | 'hang';

export interface ScriptedSmtpServer {
  url: string;
  /** Replaces the normal answer at a stage; change it between sends. */
  script: Partial<Record<SmtpStage, StageAnswer>>;
  /** Connections opened. */
  sessions(): number;
  /** Connections still open. */
  openConnections(): number;
  /** The commands received, in order (verbs only: EHLO, MAIL, RCPT, DATA, QUIT…). */
  commands(): string[];
  /** Messages whose end-of-data dot arrived, whatever the answer to it. */
  dataReceived(): number;
  /** Messages answered 250 after the dot, parsed with mailparser. */
  accepted(): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

const NORMAL: Record<SmtpStage, string> = {
  greeting: '220 scripted.test ESMTP',
  ehlo: '250-scripted.test\r\n250 8BITMIME',
  mail: '250 2.1.0 sender ok',
  rcpt: '250 2.1.5 recipient ok',
  data: '354 end data with <CR><LF>.<CR><LF>',
  dot: '250 2.0.0 queued',
};

/**
 * A small SMTP server written for these tests (net.Server, one line at a time), which answers each
 * stage as scripted: to see what a client does when refused at the greeting, MAIL FROM, RCPT TO,
 * DATA or after the dot, when the connection drops after the data, or when the server hangs.
 */
export async function startScriptedSmtpServer(options: { pipelining?: boolean; quietOnQuit?: boolean } = {}): Promise<ScriptedSmtpServer> {
  const quietOnQuit = options.quietOnQuit ?? false;
  const script: Partial<Record<SmtpStage, StageAnswer>> = {};
  const parsed: Promise<ParsedMail>[] = [];
  const sockets = new Set<net.Socket>();
  let sessions = 0;
  const commands: string[] = [];
  let dots = 0;

  const server = net.createServer((socket) => {
    sessions++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    /** Answers a stage; false when the session ends or stalls here. */
    const answer = (stage: SmtpStage): boolean => {
      const scripted = script[stage];
      if (scripted === 'hang') return false;
      if (scripted === 'reset') {
        socket.destroy();
        return false;
      }
      const line = scripted ?? NORMAL[stage];
      socket.write(`${line}\r\n`);
      // RFC 5321: a 421 announces that the server closes the connection.
      if (line.startsWith('421')) {
        socket.end();
        return false;
      }
      return true;
    };
    let buffer = '';
    let data: string[] | undefined;
    // A pipelining client sends MAIL, RCPT and DATA at once: like a real server, refuse what follows a refusal.
    let mailAccepted = false;
    let recipients = 0;
    const accepts = (stage: SmtpStage) => (script[stage] ?? NORMAL[stage]).startsWith('2');
    let stalled = !answer('greeting');
    socket.on('data', (chunk: Buffer) => {
      if (stalled) return;
      buffer += chunk.toString('binary');
      let newline: number;
      while (!stalled && (newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (data) {
          if (line !== '.') {
            data.push(line.startsWith('..') ? line.slice(1) : line);
            continue;
          }
          dots++;
          const message = Buffer.from(`${data.join('\r\n')}\r\n`, 'binary');
          data = undefined;
          const ok = (script.dot ?? NORMAL.dot).startsWith('250');
          stalled = !answer('dot');
          if (ok) parsed.push(simpleParser(message, { skipImageLinks: true }));
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        commands.push(verb);
        if (verb === 'EHLO' || verb === 'HELO') {
          if (verb === 'EHLO' && options.pipelining && script.ehlo === undefined) socket.write('250-scripted.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n');
          else stalled = !answer('ehlo');
        } else if (verb === 'MAIL') {
          mailAccepted = accepts('mail');
          recipients = 0;
          stalled = !answer('mail');
        } else if (verb === 'RCPT') {
          if (!mailAccepted) socket.write('503 5.5.1 need MAIL first\r\n');
          else {
            if (accepts('rcpt')) recipients++;
            stalled = !answer('rcpt');
          }
        } else if (verb === 'DATA') {
          if (!mailAccepted || recipients === 0) {
            socket.write('554 5.5.1 no valid recipients\r\n');
            continue;
          }
          const reply = script.data ?? NORMAL.data;
          stalled = !answer('data');
          if (!stalled && reply.startsWith('354')) data = [];
        } else if (verb === 'QUIT') {
          if (!quietOnQuit) socket.end('221 2.0.0 bye\r\n');
          stalled = true;
        } else socket.write(verb === 'RSET' || verb === 'NOOP' ? '250 ok\r\n' : '502 5.5.1 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    script,
    sessions: () => sessions,
    commands: () => [...commands],
    openConnections: () => sockets.size,
    dataReceived: () => dots,
    accepted: () => Promise.all(parsed),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
