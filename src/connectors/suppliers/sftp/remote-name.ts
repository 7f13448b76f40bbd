import { SupplierInputError } from "../supplier-input-error.js";

/**
 * A file name listed by a supplier's server is untrusted input: it is joined to our paths, so
 * anything but a plain name (no `..`, separators, absolute paths, control characters) is refused.
 */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export type RemoteNameVerdict = { ok: true } | { ok: false; skip: true; reason: string } | { ok: false; skip: false; error: SupplierInputError };

export const checkRemoteName = (name: string): RemoteNameVerdict => {
  // Dot files are temporary uploads in progress (`.x.part`) or hidden: not ours to take yet.
  if (/^\.[^./\\]/.test(name) && PLAIN.test(name.slice(1)) && name !== "..") return { ok: false, skip: true, reason: "temporary or hidden file" };
  if (PLAIN.test(name) && !name.includes("..")) return { ok: true };
  const printable = name.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
  return { ok: false, skip: false, error: new SupplierInputError("BAD_FILE_NAME", `refusing remote file name '${printable}'`, { name: printable }) };
};
