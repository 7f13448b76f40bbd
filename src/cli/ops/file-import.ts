import { readFileSync, statSync } from "node:fs";
import type { PlanException } from "../../domain/index.js";
import { UsageError } from "./cli-errors.js";
import { term } from "./printable.js";

export interface FileImportSummary {
  file: string;
  imported: number;
  skipped: { ref: string; code: string; reason: string }[];
}

/**
 * Files are read whole, so only a regular file of bounded size is read: a device or a pipe
 * (`/dev/zero`) would otherwise be read until memory runs out. 512 MiB holds several hundred
 * thousand exported orders; a larger export is split by date range.
 */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export const readInputBytes = (file: string, maxBytes = MAX_INPUT_BYTES): Buffer => {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`${file} is not a regular file; imports read files`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (size > maxBytes) throw new UsageError(`${file} is ${size.toLocaleString("en-US")} bytes; an import reads at most ${maxBytes.toLocaleString("en-US")} (split the file)`);
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
};

export const readText = (file: string): string => readInputBytes(file).toString("utf8");

export const skippedOf = (exceptions: readonly PlanException[]): FileImportSummary["skipped"] =>
  exceptions.map((e) => ({ ref: e.ref, code: e.code, reason: e.reason }));

export const renderFileImport = (what: string, s: FileImportSummary): string =>
  [
    term`Imported ${s.imported} ${what} from ${s.file}; ${s.skipped.length} row(s) skipped`,
    ...s.skipped.map((x) => term`  ${x.ref}: [${x.code}] ${x.reason}`),
  ].join("\n");
