import { createHash } from "node:crypto";
import ssh2 from "ssh2";
import type { FileEntryWithStats, SFTPWrapper, Stats } from "ssh2";
import { PermanentError, TransientError } from "../../../shared/errors.js";

/** Connection settings for a vendor's SFTP server; secrets come resolved from env by the caller. */
export interface SftpConnectOptions {
  host: string;
  port: number;
  username: string;
  password?: string | undefined;
  privateKey?: string | undefined;
  /** base64 SHA-256 of the server's host key; when set, any other key is refused. */
  hostKeySha256?: string | undefined;
  readyTimeoutMs?: number | undefined;
}

/** The few SFTP calls the transport and poller need, as promises. */
export interface SftpSession {
  stat(path: string): Promise<Stats | null>;
  writeFile(path: string, data: Buffer | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readdir(path: string): Promise<FileEntryWithStats[]>;
  readFile(path: string): Promise<Buffer>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

const NO_SUCH_FILE = 2;

const call = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));

const wrap = (sftp: SFTPWrapper): SftpSession => ({
  stat: (p) =>
    call<Stats>((cb) => sftp.stat(p, cb)).catch((err: { code?: number }) => {
      if (err.code === NO_SUCH_FILE) return null;
      throw err;
    }),
  writeFile: (p, data) => call<void>((cb) => sftp.writeFile(p, data, cb)),
  rename: (a, b) => call<void>((cb) => sftp.rename(a, b, cb)),
  readdir: (p) => call<FileEntryWithStats[]>((cb) => sftp.readdir(p, cb)),
  readFile: (p) => call<Buffer>((cb) => sftp.readFile(p, cb)),
  unlink: (p) => call<void>((cb) => sftp.unlink(p, cb)),
  mkdir: (p) => call<void>((cb) => sftp.mkdir(p, cb)),
});

/** Open a connection, run `work` on one SFTP session, always close. Connection trouble is transient. */
export const withSftp = async <T>(opts: SftpConnectOptions, work: (s: SftpSession) => Promise<T>): Promise<T> => {
  const client = new ssh2.Client();
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    client.on("ready", () => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
    client.on("error", reject);
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      password: opts.password,
      privateKey: opts.privateKey,
      readyTimeout: opts.readyTimeoutMs ?? 10_000,
      hostVerifier: (key: Buffer) => !opts.hostKeySha256 || createHash("sha256").update(key).digest("base64") === opts.hostKeySha256,
    });
  }).catch((err: unknown) => {
    client.end();
    const meta = { host: opts.host };
    if ((err as { level?: string }).level === "client-authentication") {
      throw new PermanentError("SUPPLIER.AUTH", `SFTP login refused for ${opts.username}@${opts.host}`, meta, { cause: err });
    }
    if (/host denied|verification failed/i.test(String(err))) {
      throw new PermanentError("SUPPLIER.HOST_KEY", `SFTP host key of ${opts.host} does not match the configured fingerprint`, meta, { cause: err });
    }
    throw new TransientError("SUPPLIER.SFTP_CONNECT", `cannot open SFTP to ${opts.host}:${opts.port}: ${String(err)}`, { host: opts.host }, { cause: err });
  });
  try {
    return await work(wrap(sftp));
  } finally {
    client.end();
  }
};
