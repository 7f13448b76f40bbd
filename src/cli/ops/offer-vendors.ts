import type { LoadedConfig } from "../../config/load-config.js";
import type { Offer } from "../../domain/index.js";
import type { ReadResult } from "../plan/plan-errors.js";
import { refuseUnconfigured } from "./unconfigured-rows.js";

/**
 * Offers of a vendor that is not configured are skipped rows, as stock at an unknown location is:
 * no window of theirs ever runs, so a line assigned to such an offer would never be bought.
 */
export const refuseUnknownVendors = (read: ReadResult<Offer>, text: string, file: string, config: Pick<LoadedConfig, "vendors">): ReadResult<Offer> =>
  refuseUnconfigured(read, text, file, { column: "vendor", valueOf: (o) => o.vendor, known: new Set(config.vendors.map((v) => v.id)), code: "OFFER.UNKNOWN_VENDOR" });
