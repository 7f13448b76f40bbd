import { readFileSync } from "node:fs";
import { planBackorders } from "../../domain/index.js";
import type { Offer, PlanException, SalesOrder, StockLevel } from "../../domain/index.js";
import { PlanUsageError } from "./plan-errors.js";
import { readOffers, readStock } from "./read-catalog.js";
import { readOpenPos, readPolicies } from "./read-inputs.js";
import { readOrders } from "./read-orders.js";
import type { OrderFormat } from "./read-orders.js";
import { planToJson, planToText } from "./render.js";

export interface PlanOptions {
  orders: string[];
  stock: string;
  catalog: string;
  openPos?: string | undefined;
  configDir?: string | undefined;
  now?: string | undefined;
  format?: string | undefined;
  channel?: string | undefined;
  json?: boolean | undefined;
  maxWaitDays?: string | undefined;
}

const FORMATS: readonly OrderFormat[] = ["json", "shopify-csv", "amazon-tsv"];

const readText = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new PlanUsageError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
};

const checkArgs = (o: PlanOptions): { now: string; format: OrderFormat | undefined; maxWaitDays: number | undefined } => {
  if (!o.orders?.length) throw new PlanUsageError("--orders FILE... is required");
  if (!o.stock) throw new PlanUsageError("--stock FILE is required");
  if (!o.catalog) throw new PlanUsageError("--catalog FILE is required");
  if (o.format !== undefined && !FORMATS.includes(o.format as OrderFormat)) throw new PlanUsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const nowText = o.now ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(nowText))) throw new PlanUsageError(`--now "${o.now}" is not an ISO-8601 instant`);
  const wait = o.maxWaitDays === undefined ? undefined : Number(o.maxWaitDays);
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 0)) throw new PlanUsageError(`--max-wait-days "${o.maxWaitDays}" is not a whole number of days`);
  return { now: new Date(nowText).toISOString(), format: o.format as OrderFormat | undefined, maxWaitDays: wait };
};

/** Reads every file, plans, and returns what to print; PlanUsageError means exit 2. */
export const runPlan = (o: PlanOptions): { output: string; exitCode: 0 } => {
  const args = checkArgs(o);
  const exceptions: PlanException[] = [];
  const orders: SalesOrder[] = [];
  for (const file of o.orders) {
    const r = readOrders(readText(file), file, { format: args.format, channel: o.channel });
    orders.push(...r.items);
    exceptions.push(...r.exceptions);
  }
  const stock: { items: StockLevel[]; exceptions: PlanException[] } = readStock(readText(o.stock), o.stock);
  const offers: { items: Offer[]; exceptions: PlanException[] } = readOffers(readText(o.catalog), o.catalog);
  exceptions.push(...stock.exceptions, ...offers.exceptions);
  const openPurchaseOrders = o.openPos ? readOpenPos(readText(o.openPos), o.openPos) : [];
  const policies = o.configDir ? readPolicies(o.configDir) : { channels: undefined, vendors: undefined };
  const plan = planBackorders({ orders, stock: stock.items, offers: offers.items, openPurchaseOrders, ...policies, now: args.now, maxWaitDays: args.maxWaitDays });
  const doc = planToJson(plan, exceptions, args.now);
  return { output: o.json ? JSON.stringify(doc, null, 2) : planToText(doc), exitCode: 0 };
};
