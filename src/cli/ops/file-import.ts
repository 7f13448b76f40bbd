import { readFileSync } from "node:fs";
import type { PlanException } from "../../domain/index.js";
import { UsageError } from "./cli-errors.js";

export interface FileImportSummary {
  file: string;
  imported: number;
  skipped: { ref: string; code: string; reason: string }[];
}

export const readText = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
};

export const skippedOf = (exceptions: readonly PlanException[]): FileImportSummary["skipped"] =>
  exceptions.map((e) => ({ ref: e.ref, code: e.code, reason: e.reason }));

export const renderFileImport = (what: string, s: FileImportSummary): string =>
  [
    `Imported ${s.imported} ${what} from ${s.file}; ${s.skipped.length} row(s) skipped`,
    ...s.skipped.map((x) => `  ${x.ref}: [${x.code}] ${x.reason}`),
  ].join("\n");
