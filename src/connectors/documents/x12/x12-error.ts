import { PermanentError } from "../../../shared/errors.js";

/** Anything wrong with an X12 document: a retry cannot fix a malformed file. Code `X12.<REASON>`. */
export class X12Error extends PermanentError {
  constructor(reason: string, message: string, meta: Record<string, unknown> = {}) {
    super(`X12.${reason}`, message, meta);
  }
}
