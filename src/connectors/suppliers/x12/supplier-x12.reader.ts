import { X12Error } from "../../documents/x12/x12-error.js";
import { readX12 } from "../../documents/x12/x12-reader.js";
import type { SupplierEvent } from "../events.js";
import { read855Transaction } from "./x12-855.reader.js";
import { read856Transaction } from "./x12-856.reader.js";

/**
 * Read an inbound X12 file (855 and/or 856 sets) into supplier events. Throws X12Error only:
 * anything else escaping would be a bug, and the fuzz test holds us to it.
 */
export const readSupplierX12 = (text: string): SupplierEvent[] => {
  try {
    const ic = readX12(text);
    return ic.groups.flatMap((g) =>
      g.transactions.flatMap((tx): SupplierEvent[] => {
        if (tx.type === "855") return [read855Transaction(tx, ic)];
        if (tx.type === "856") return read856Transaction(tx, ic);
        throw new X12Error("UNSUPPORTED_SET", `transaction set '${tx.type.slice(0, 6)}' is not an 855 or 856`);
      }),
    );
  } catch (err) {
    if (err instanceof X12Error) throw err;
    throw new X12Error("UNREADABLE", `could not read the X12 file: ${String(err).slice(0, 200)}`);
  }
};
