import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { portNumber as port } from "./ops/option-parsers.js";
import type { HttpSupplierPeer } from "../emulators/supplier/http-supplier.peer.js";
import { startHttpSupplierPeer } from "../emulators/supplier/http-supplier.peer.js";
import type { SftpPeer } from "../emulators/supplier/sftp.peer.js";
import { startSftpPeer } from "../emulators/supplier/sftp.peer.js";
import type { SmtpPeer } from "../emulators/supplier/smtp.peer.js";
import { startSmtpPeer } from "../emulators/supplier/smtp.peer.js";

export interface SupplierPeersOptions {
  httpPort?: number;
  smtpPort?: number;
  sftpPort?: number;
  /** SFTP jail folder; a fresh temporary folder when absent. */
  sftpRoot?: string;
  signingSecret?: string;
  sftpUser?: string;
  sftpPassword?: string;
  smtpAuth?: { user: string; pass: string };
}

export interface SupplierPeers {
  http: HttpSupplierPeer;
  smtp: SmtpPeer;
  sftp: SftpPeer;
  sftpRoot: string;
  close(): Promise<void>;
}

/** The three local supplier peers together, all on 127.0.0.1 (port 0 = any free port). */
export const startSupplierPeers = async (opts: SupplierPeersOptions = {}): Promise<SupplierPeers> => {
  const sftpRoot = opts.sftpRoot ?? mkdtempSync(path.join(tmpdir(), "backorder-sftp-"));
  const http = await startHttpSupplierPeer({ port: opts.httpPort ?? 0, signingSecret: opts.signingSecret });
  const smtp = await startSmtpPeer({ port: opts.smtpPort ?? 0, auth: opts.smtpAuth });
  const sftp = await startSftpPeer({ port: opts.sftpPort ?? 0, root: sftpRoot, username: opts.sftpUser, password: opts.sftpPassword });
  return {
    http,
    smtp,
    sftp,
    sftpRoot,
    close: async () => {
      await Promise.all([http.close(), smtp.close(), sftp.close()]);
      if (!opts.sftpRoot) rmSync(sftpRoot, { recursive: true, force: true });
    },
  };
};


/** Secrets come from the environment by name, as in vendor config; a dev default is announced. */
const fromEnv = (name: string, fallback: string): string => process.env[name] ?? fallback;

/**
 * Adds `supplier` under the `emulate` command: `backorder emulate supplier [--http-port …]`.
 * Call from src/cli/emulate.command.ts with the `emulate` Command.
 */
export const registerSupplierEmulator = (emulate: Command): Command =>
  emulate
    .command("supplier")
    .description("Run local supplier peers: HTTP PO endpoint, SMTP mailbox, SFTP drop box (127.0.0.1 only)")
    .option("--http-port <port>", "HTTP supplier endpoint port (0 = any)", port, 0)
    .option("--smtp-port <port>", "SMTP port (0 = any)", port, 0)
    .option("--sftp-port <port>", "SFTP port (0 = any)", port, 0)
    .option("--sftp-root <dir>", "SFTP jail folder (default: a new temporary folder)")
    .option("--signing-secret-env <NAME>", "env var holding the HMAC secret", "SUPPLIER_SIGNING_SECRET")
    .option("--sftp-password-env <NAME>", "env var holding the SFTP password", "SUPPLIER_SFTP_PASSWORD")
    .action(async (o: { httpPort: number; smtpPort: number; sftpPort: number; sftpRoot?: string; signingSecretEnv: string; sftpPasswordEnv: string }) => {
      const peers = await startSupplierPeers({
        httpPort: o.httpPort,
        smtpPort: o.smtpPort,
        sftpPort: o.sftpPort,
        sftpRoot: o.sftpRoot,
        signingSecret: fromEnv(o.signingSecretEnv, "peer-secret"),
        sftpPassword: fromEnv(o.sftpPasswordEnv, "peer-password"),
      });
      const lines = [
        `supplier HTTP  ${peers.http.url}  (admin: /admin/fail, /admin/received, /admin/callback)`,
        `supplier SMTP  127.0.0.1:${peers.smtp.port}`,
        `supplier SFTP  127.0.0.1:${peers.sftp.port}  user ${peers.sftp.username}  root ${peers.sftpRoot}`,
        `SFTP host key  sha256 ${peers.sftp.hostKeySha256}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await peers.close();
    });
