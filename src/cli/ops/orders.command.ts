import type { Command } from "commander";
import { orderKey } from "../../domain/order.js";
import { NotFoundError } from "./cli-errors.js";
import { maskAddress } from "./mask.js";
import { printableDeep } from "./printable.js";
import { fail, parseOrderRef, printJson, withCore, type Core } from "./with-core.js";

const showOrder = async (core: Core, ref: string, json: boolean): Promise<number> => {
  const { channel, externalId } = parseOrderRef(ref);
  const order = await core.deps.orders.getOrder(channel, externalId);
  if (!order) throw new NotFoundError(`order ${channel}:${externalId} does not exist`);
  const key = orderKey(order);
  const evaluation = await core.deps.evaluations.get(key);
  const backorders = await core.deps.backorders.open({ order: key });
  const pos = (await core.deps.purchaseOrders.list({ "lines.covers.order": key })).map((p) => ({
    poNumber: p.poNumber, vendor: p.vendor, state: p.state, delivery: p.delivery.state,
    covers: p.lines.flatMap((l) => l.covers.filter((c) => c.order === key).map((c) => ({ line: c.line, sku: l.sku, quantity: c.quantity }))),
  }));
  const alloc = new Map((evaluation?.lines ?? []).map((l) => [l.lineId, l]));
  const lines = order.lines.map((l) => ({
    lineId: l.lineId, sku: l.sku, title: l.title, kind: l.kind, flags: l.flags, ordered: l.ordered, cancelled: l.cancelled, fulfilled: l.fulfilled,
    allocated: alloc.get(l.lineId)?.allocated ?? 0, backordered: alloc.get(l.lineId)?.shortfall ?? 0,
  }));
  const view = {
    order: key, orderNumber: order.orderNumber, status: order.status, fulfilment: order.fulfilment, placedAt: order.placedAt, version: order.version,
    shipTo: maskAddress(order.shipTo),
    evaluation: evaluation ? { state: evaluation.state, onHold: evaluation.onHold, version: evaluation.version, heldAt: evaluation.heldAt, releasedAt: evaluation.releasedAt, pending: Boolean(evaluation.pending) } : null,
    lines, backorders: backorders.map((b) => ({ line: b.line, sku: b.sku, quantity: b.quantity, vendor: b.vendor, exception: b.exception })), purchaseOrders: pos,
  };
  if (json) printJson(view);
  else process.stdout.write(`${renderOrder(printableDeep(view))}\n`);
  return 0;
};

const renderOrder = (v: {
  order: string; orderNumber: string; status: string; placedAt: string; version: number; shipTo: string;
  evaluation: { state: string; onHold: boolean; version: number } | null;
  lines: { lineId: string; sku: string | null; kind: string; flags: string[]; ordered: number; allocated: number; backordered: number; title: string }[];
  backorders: { line: string; sku: string; quantity: number; vendor: string | null; exception?: { code: string } | undefined }[];
  purchaseOrders: { poNumber: string; vendor: string; state: string; delivery: string; covers: { line: string; quantity: number }[] }[];
}): string =>
  [
    `Order ${v.order} (${v.orderNumber}), ${v.status}, placed ${v.placedAt}, version ${v.version}`,
    `  ship-to: ${v.shipTo}`,
    `  evaluation: ${v.evaluation ? `${v.evaluation.state}${v.evaluation.onHold ? " (on hold)" : ""}, of version ${v.evaluation.version}` : "not evaluated yet"}`,
    "Lines:",
    ...v.lines.map((l) => `  ${l.lineId} ${l.sku ?? "(no SKU)"} ×${l.ordered} [${l.kind}${l.flags.length ? ` ${l.flags.join(",")}` : ""}] allocated ${l.allocated}, backordered ${l.backordered} — ${l.title}`),
    `Backorder lines: ${v.backorders.length ? "" : "none"}`,
    ...v.backorders.map((b) => `  ${b.line} ${b.sku} ×${b.quantity} → ${b.vendor ?? "no vendor"}${b.exception ? ` [${b.exception.code}]` : ""}`),
    `Purchase orders: ${v.purchaseOrders.length ? "" : "none"}`,
    ...v.purchaseOrders.map((p) => `  ${p.poNumber} ${p.vendor} ${p.state} (delivery ${p.delivery}) covers ${p.covers.map((c) => `${c.line}×${c.quantity}`).join(", ")}`),
  ].join("\n");

/** `backorder orders show CHANNEL:ID`: one order as the pipeline sees it (address masked). */
export const registerOrdersCommand = (program: Command): void => {
  program
    .command("orders")
    .description("Inspect sales orders")
    .command("show")
    .description("An order, its evaluation, backorder lines and covering POs")
    .argument("<ref>", "CHANNEL:ID, e.g. shopify-main:6634244374859")
    .option("--json", "print as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (ref: string, opts: { json?: boolean; configDir?: string }) => {
      try {
        parseOrderRef(ref);
      } catch (err) {
        return fail("orders show", err);
      }
      await withCore("orders show", opts, (core) => showOrder(core, ref, opts.json === true));
    });
};
