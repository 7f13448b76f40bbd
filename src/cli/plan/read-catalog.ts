import { parseMoneyMinor, readTableForPlan } from "./table.js";
import type { Offer, StockLevel } from "../../domain/index.js";
import { PlanUsageError, isKnownCurrency, parseCount } from "./plan-errors.js";
import type { ReadResult } from "./plan-errors.js";

const bad = (file: string, row: number, code: string, reason: string) => ({ ref: `${file}: row ${row}`, code, reason });

/** stock.csv: sku,location,on_hand[,committed]. Rows are numbered like a spreadsheet (header = 1). */
export const readStock = (text: string, file: string): ReadResult<StockLevel> => {
  const { header, rows } = readTableForPlan(text);
  const missing = ["sku", "location", "on_hand"].filter((c) => !header.includes(c));
  if (missing.length) throw new PlanUsageError(`${file}: missing column(s) ${missing.join(", ")} (expected sku,location,on_hand[,committed])`);
  const out: ReadResult<StockLevel> = { items: [], exceptions: [] };
  for (const { row, cells } of rows) {
    const sku = (cells.sku ?? "").trim();
    const location = (cells.location ?? "").trim();
    const onHand = parseCount(cells.on_hand, "on_hand");
    const committed = header.includes("committed") && (cells.committed ?? "").trim() !== "" ? parseCount(cells.committed, "committed") : 0;
    if (!sku) out.exceptions.push(bad(file, row, "STOCK.MISSING_SKU", "stock line has no SKU"));
    else if (!location) out.exceptions.push(bad(file, row, "STOCK.MISSING_LOCATION", `stock line for ${sku} has no location`));
    else if (typeof onHand === "string") out.exceptions.push(bad(file, row, "STOCK.BAD_QUANTITY", `${sku}: ${onHand}`));
    else if (typeof committed === "string") out.exceptions.push(bad(file, row, "STOCK.BAD_QUANTITY", `${sku}: ${committed}`));
    else out.items.push({ sku, location, onHand, committed });
  }
  return out;
};

const OFFER_COLUMNS = ["sku", "vendor", "vendor_sku", "unit_cost", "currency", "moq", "case_pack", "lead_time_days", "preferred", "dropship"];
const flag = (text: string | undefined): boolean | null => {
  const t = (text ?? "").trim().toLowerCase();
  return ["true", "yes", "1", "y"].includes(t) ? true : ["false", "no", "0", "n", ""].includes(t) ? false : null;
};

const offerFrom = (cells: Record<string, string>): Offer | string => {
  const sku = (cells.sku ?? "").trim();
  const vendor = (cells.vendor ?? "").trim();
  const currency = (cells.currency ?? "").trim().toUpperCase();
  if (!sku) return "offer has no SKU";
  if (!vendor) return `offer for ${sku} has no vendor`;
  if (!isKnownCurrency(currency)) return `unknown currency ${JSON.stringify(cells.currency ?? "")}`;
  let unitCost: number;
  try {
    unitCost = parseMoneyMinor((cells.unit_cost ?? "").trim(), currency);
  } catch (err) {
    return `unit_cost: ${(err as Error).message}`;
  }
  if (unitCost < 0) return `unit_cost ${cells.unit_cost} is negative`;
  const nums = ["moq", "case_pack", "lead_time_days"].map((c) => parseCount(cells[c] || (c === "lead_time_days" ? "0" : "1"), c));
  const err = nums.find((n) => typeof n === "string");
  if (typeof err === "string") return err;
  const [moq, casePack, leadTimeDays] = nums as number[];
  const preferred = flag(cells.preferred);
  const dropship = flag(cells.dropship);
  if (preferred === null || dropship === null) return "preferred/dropship must be true or false";
  return { sku, vendor, vendorSku: (cells.vendor_sku ?? "").trim() || sku, unitCost, currency, moq: Math.max(1, moq ?? 1), casePack: Math.max(1, casePack ?? 1), leadTimeDays: leadTimeDays ?? 0, preferred, dropship };
};

/** offers.csv: sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship. */
export const readOffers = (text: string, file: string): ReadResult<Offer> => {
  const { header, rows } = readTableForPlan(text);
  const missing = OFFER_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new PlanUsageError(`${file}: missing column(s) ${missing.join(", ")}`);
  const out: ReadResult<Offer> = { items: [], exceptions: [] };
  for (const { row, cells } of rows) {
    const o = offerFrom(cells);
    if (typeof o === "string") out.exceptions.push(bad(file, row, o.startsWith("unknown currency") ? "OFFER.UNKNOWN_CURRENCY" : "OFFER.BAD_RECORD", o));
    else out.items.push(o);
  }
  return out;
};
