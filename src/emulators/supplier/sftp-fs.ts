import { constants, promises as fs } from "node:fs";
import type { Stats } from "node:fs";
import path from "node:path";

/**
 * The SFTP peer's view of disk: every client path is resolved inside `root` (a chroot-like jail);
 * `..` cannot climb above it because the path is normalised against "/" first.
 */
export const jailPath = (root: string, clientPath: string): string | null => {
  if (clientPath.includes("\0")) return null;
  const virtual = path.posix.resolve("/", clientPath);
  const real = path.join(root, virtual);
  return real === root || real.startsWith(root + path.sep) ? real : null;
};

export const toAttrs = (st: Stats) => ({
  mode: st.mode,
  uid: 0,
  gid: 0,
  size: st.size,
  atime: Math.floor(st.atimeMs / 1000),
  mtime: Math.floor(st.mtimeMs / 1000),
});

export const longName = (name: string, st: Stats): string =>
  `${st.isDirectory() ? "d" : "-"}rw-r--r-- 1 peer peer ${String(st.size).padStart(8)} Jan 01 00:00 ${name}`;

/** SFTP v3 rename must not replace an existing target (draft-ietf-secsh-filexfer-02 §6.5). */
export const renameNoReplace = async (from: string, to: string): Promise<boolean> => {
  try {
    await fs.access(to, constants.F_OK);
    return false;
  } catch {
    await fs.rename(from, to);
    return true;
  }
};
