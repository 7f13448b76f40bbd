import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { MimePart } from "./mime.js";
import { parseMime } from "./mime.js";

/**
 * A supplier's mail server on 127.0.0.1 (smtp-server): stores every accepted message, raw and
 * parsed, so tests can count messages per Message-ID and open the PDF/CSV attachments. Can be
 * told to refuse the next messages with an SMTP code (421 try later, 550 no such mailbox).
 */
export interface SmtpPeerOptions {
  port?: number;
  /** Require AUTH with these credentials; without it AUTH is optional. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with smtp-server's built-in self-signed certificate. */
  starttls?: boolean;
}

export interface StoredMessage {
  raw: string;
  messageId: string;
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
  parts: MimePart[];
  secure: boolean;
}

export interface SmtpPeer {
  port: number;
  received(): StoredMessage[];
  /** How many stored messages carry this Message-ID: more than 1 is a duplicate delivery. */
  countByMessageId(messageId: string): number;
  failNext(code: number, message: string, count?: number): void;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string): Error => Object.assign(new Error(message), { responseCode: code });

export const startSmtpPeer = async (opts: SmtpPeerOptions = {}): Promise<SmtpPeer> => {
  const store: StoredMessage[] = [];
  const failures: { code: number; message: string }[] = [];
  const server = new SMTPServer({
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    disabledCommands: opts.starttls ? [] : ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(_address, _session, cb) {
      const f = failures.shift();
      cb(f ? smtpError(f.code, f.message) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const { headers, parts } = parseMime(raw);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        store.push({ raw, headers, parts, messageId: headers["message-id"] ?? "", envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, secure: session.secure });
        cb();
      });
    },
  });
  server.on("error", () => undefined); // a dropped client must not take the peer down
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => [...store],
    countByMessageId: (id) => store.filter((m) => m.messageId === id).length,
    failNext: (code, message, count = 1) => {
      for (let i = 0; i < count; i++) failures.push({ code, message });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
