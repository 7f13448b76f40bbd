import { createHash, generateKeyPairSync } from "node:crypto";
import { promises as fs } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ssh2 from "ssh2";
import type { Connection, SFTPWrapper } from "ssh2";
import { jailPath, longName, renameNoReplace, toAttrs } from "./sftp-fs.js";

const { Server, utils } = ssh2;
const STATUS = utils.sftp.STATUS_CODE;

/**
 * A supplier's SFTP drop box on 127.0.0.1: password auth, a jail folder on disk with inbound/
 * (where we put 850s) and outbound/ (where the supplier leaves 855/856). The RSA host key is
 * generated at start so no key file is ever committed.
 */
export interface SftpPeerOptions {
  port?: number;
  root: string;
  username?: string;
  password?: string;
}

export interface SftpPeerFile {
  name: string;
  content: string;
}

export interface SftpPeer {
  port: number;
  username: string;
  password: string;
  /** base64 SHA-256 of the host key blob, for the client's host verification. */
  hostKeySha256: string;
  /** Files completed in inbound/ (temporary `.part` files excluded). */
  received(): Promise<SftpPeerFile[]>;
  /** Final names that a rename created in inbound/, in order: a duplicate upload would repeat one. */
  completedUploads(): string[];
  /** The supplier side: drop a file into outbound/. */
  putOutbound(name: string, content: string): Promise<void>;
  listDir(dir: string): Promise<string[]>;
  close(): Promise<void>;
}

type Handle = { kind: "file"; fh: fs.FileHandle; path: string } | { kind: "dir"; path: string; done: boolean };

const serveSftp = (sftp: SFTPWrapper, root: string, uploads: string[]): void => {
  const handles = new Map<number, Handle>();
  let nextId = 1;
  const newHandle = (h: Handle): Buffer => {
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(nextId);
    handles.set(nextId++, h);
    return buf;
  };
  const lookup = (b: Buffer): Handle | undefined => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
  const guard = (reqid: number, fn: () => Promise<void>): void => {
    fn().catch((err: NodeJS.ErrnoException) => sftp.status(reqid, err.code === "ENOENT" ? STATUS.NO_SUCH_FILE : STATUS.FAILURE, err.code));
  };
  const jail = (reqid: number, p: string): string | null => {
    const real = jailPath(root, p);
    if (!real) sftp.status(reqid, STATUS.PERMISSION_DENIED);
    return real;
  };

  sftp.on("OPEN", (reqid, filename, flags) => guard(reqid, async () => {
    const real = jail(reqid, filename);
    if (!real) return;
    const mode = utils.sftp.flagsToString(flags) ?? "r";
    sftp.handle(reqid, newHandle({ kind: "file", fh: await fs.open(real, mode), path: real }));
  }));
  sftp.on("WRITE", (reqid, handle, offset, data) => guard(reqid, async () => {
    const h = lookup(handle);
    if (h?.kind !== "file") return void sftp.status(reqid, STATUS.FAILURE);
    await h.fh.write(data, 0, data.length, offset);
    sftp.status(reqid, STATUS.OK);
  }));
  sftp.on("READ", (reqid, handle, offset, length) => guard(reqid, async () => {
    const h = lookup(handle);
    if (h?.kind !== "file") return void sftp.status(reqid, STATUS.FAILURE);
    const buf = Buffer.alloc(Math.min(length, 64 * 1024));
    const { bytesRead } = await h.fh.read(buf, 0, buf.length, offset);
    if (bytesRead === 0) sftp.status(reqid, STATUS.EOF);
    else sftp.data(reqid, buf.subarray(0, bytesRead));
  }));
  sftp.on("CLOSE", (reqid, handle) => guard(reqid, async () => {
    const h = lookup(handle);
    if (!h) return void sftp.status(reqid, STATUS.FAILURE);
    handles.delete(handle.readUInt32BE(0));
    if (h.kind === "file") await h.fh.close();
    sftp.status(reqid, STATUS.OK);
  }));
  sftp.on("FSTAT", (reqid, handle) => guard(reqid, async () => {
    const h = lookup(handle);
    if (h?.kind !== "file") return void sftp.status(reqid, STATUS.FAILURE);
    sftp.attrs(reqid, toAttrs(await h.fh.stat()));
  }));
  const stat = (reqid: number, p: string) => guard(reqid, async () => {
    const real = jail(reqid, p);
    if (real) sftp.attrs(reqid, toAttrs(await fs.stat(real)));
  });
  sftp.on("STAT", stat);
  sftp.on("LSTAT", stat);
  sftp.on("OPENDIR", (reqid, p) => guard(reqid, async () => {
    const real = jail(reqid, p);
    if (!real) return;
    if (!(await fs.stat(real)).isDirectory()) return void sftp.status(reqid, STATUS.FAILURE, "not a directory");
    sftp.handle(reqid, newHandle({ kind: "dir", path: real, done: false }));
  }));
  sftp.on("READDIR", (reqid, handle) => guard(reqid, async () => {
    const h = lookup(handle);
    if (h?.kind !== "dir") return void sftp.status(reqid, STATUS.FAILURE);
    if (h.done) return void sftp.status(reqid, STATUS.EOF);
    h.done = true;
    const names = await fs.readdir(h.path);
    const entries = await Promise.all(names.map(async (n) => {
      const st = await fs.stat(path.join(h.path, n));
      return { filename: n, longname: longName(n, st), attrs: toAttrs(st) };
    }));
    if (entries.length === 0) sftp.status(reqid, STATUS.EOF);
    else sftp.name(reqid, entries);
  }));
  sftp.on("RENAME", (reqid, from, to) => guard(reqid, async () => {
    const a = jail(reqid, from);
    const b = a && jail(reqid, to);
    if (!a || !b) return;
    if (!(await renameNoReplace(a, b))) return void sftp.status(reqid, STATUS.FAILURE, "target exists");
    uploads.push(path.relative(root, b));
    sftp.status(reqid, STATUS.OK);
  }));
  sftp.on("REMOVE", (reqid, p) => guard(reqid, async () => {
    const real = jail(reqid, p);
    if (!real) return;
    await fs.unlink(real);
    sftp.status(reqid, STATUS.OK);
  }));
  sftp.on("MKDIR", (reqid, p) => guard(reqid, async () => {
    const real = jail(reqid, p);
    if (!real) return;
    await fs.mkdir(real);
    sftp.status(reqid, STATUS.OK);
  }));
  sftp.on("REALPATH", (reqid, p) => {
    const virtual = path.posix.resolve("/", p);
    sftp.name(reqid, [{ filename: virtual, longname: virtual, attrs: {} as never }]);
  });
};

const onClient = (client: Connection, opts: Required<Omit<SftpPeerOptions, "port">>, uploads: string[]): void => {
  client.on("authentication", (ctx) => {
    if (ctx.method === "password" && ctx.username === opts.username && ctx.password === opts.password) ctx.accept();
    else ctx.reject(["password"]);
  });
  client.on("ready", () => {
    client.on("session", (accept) => {
      const session = accept();
      session.on("sftp", (acceptSftp) => serveSftp(acceptSftp(), opts.root, uploads));
    });
  });
  client.on("error", () => undefined); // a client that drops mid-handshake must not crash the peer
};

export const startSftpPeer = async (options: SftpPeerOptions): Promise<SftpPeer> => {
  const root = path.resolve(options.root);
  const opts = { root, username: options.username ?? "supplier", password: options.password ?? "peer-password" };
  await fs.mkdir(path.join(root, "inbound"), { recursive: true });
  await fs.mkdir(path.join(root, "outbound"), { recursive: true });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "pkcs1", format: "pem" } });
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const hostKeySha256 = createHash("sha256").update(key.getPublicSSH()).digest("base64");
  const uploads: string[] = [];
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [privateKey] }, (client) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    onClient(client, opts, uploads);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  const listDir = async (dir: string) => (await fs.readdir(path.join(root, dir))).sort();
  return {
    port: (server.address() as AddressInfo).port,
    username: opts.username,
    password: opts.password,
    hostKeySha256,
    received: async () => {
      const names = (await listDir("inbound")).filter((n) => !n.endsWith(".part"));
      return Promise.all(names.map(async (name) => ({ name, content: await fs.readFile(path.join(root, "inbound", name), "utf8") })));
    },
    completedUploads: () => [...uploads],
    putOutbound: (name, content) => fs.writeFile(path.join(root, "outbound", name), content),
    listDir,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
};
