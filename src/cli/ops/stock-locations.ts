import type { LoadedConfig } from "../../config/load-config.js";
import type { StockLevel } from "../../domain/index.js";
import type { ReadResult } from "../plan/plan-errors.js";
import { refuseUnconfigured } from "./unconfigured-rows.js";

/** Where stock can be: a channel's fulfilment location or a warehouse POs are shipped to. */
export const configuredLocations = (config: Pick<LoadedConfig, "app" | "channels">): Set<string> =>
  new Set([...config.channels.flatMap((c) => c.locations), ...Object.keys(config.app.warehouses)]);

/** Stock rows at a location no channel or warehouse configures are skipped (see refuseUnconfigured). */
export const refuseUnknownLocations = (read: ReadResult<StockLevel>, text: string, file: string, known: ReadonlySet<string>): ReadResult<StockLevel> =>
  refuseUnconfigured(read, text, file, { column: "location", valueOf: (l) => l.location, known, code: "STOCK.UNKNOWN_LOCATION" });
