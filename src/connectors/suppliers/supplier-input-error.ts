import { PermanentError } from "../../shared/errors.js";

/** Inbound supplier input we refuse (bad signature, invalid callback, odd file name). Code `SUPPLIER.<REASON>`. */
export class SupplierInputError extends PermanentError {
  constructor(reason: string, message: string, meta: Record<string, unknown> = {}) {
    super(`SUPPLIER.${reason}`, message, meta);
  }
}
