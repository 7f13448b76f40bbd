import type { Command } from "commander";
import { z } from "zod";
import { poTotalMinor } from "../../domain/purchase-order.js";
import { NotFoundError, UsageError } from "./cli-errors.js";
import { maskAddress } from "./mask.js";
import { optionUsageError } from "./option-issues.js";
import { printableDeep, term } from "./printable.js";
import { cancelPo, loadPo, receivePo, resendPo } from "./po-actions.js";
import { fail, printJson, withCore, type Core } from "./with-core.js";

const STATES = ["draft", "issued", "acknowledged", "partially_received", "received", "closed", "cancelled"] as const;
// Messages follow the option's name (optionUsageError): "--qty must be a positive whole number".
const ReceiveSchema = z.object({
  sku: z.string().min(1),
  qty: z.string().regex(/^[1-9]\d*$/, "must be a positive whole number").transform(Number),
  location: z.string().min(1).optional(),
  ref: z.string().min(1).optional(),
});
const common = (c: Command): Command =>
  c.option("--json", "print as JSON").option("--config-dir <dir>", "configuration folder");

type Opts = { json?: boolean; configDir?: string };

/** A vendor filter that matches nothing because the vendor is unknown is a typo, not "no purchase orders". */
const knownVendor = (core: Core, vendor: string, matched: number): void => {
  const vendors = core.config.vendors.map((v) => v.id);
  if (matched === 0 && !vendors.includes(vendor)) throw new NotFoundError(`no vendor "${vendor}" in the configuration (vendors: ${vendors.join(", ") || "none"})`);
};
const out = (json: boolean | undefined, value: unknown, text: string): void => (json ? printJson(value) : void process.stdout.write(`${text}\n`));

const registerReadCommands = (po: Command): void => {
  common(po.command("list").description("Purchase orders, optionally of one vendor or state").option("--vendor <id>").option("--state <state>", STATES.join("|")))
    .action(async (opts: Opts & { vendor?: string; state?: string }) => {
      if (opts.state && !(STATES as readonly string[]).includes(opts.state)) return fail("po list", new UsageError(`--state must be one of ${STATES.join(", ")}`));
      await withCore("po list", opts, async (core) => {
        const pos = await core.deps.purchaseOrders.list({ ...(opts.vendor && { vendor: opts.vendor }), ...(opts.state && { state: opts.state }) });
        if (opts.vendor) knownVendor(core, opts.vendor, pos.length);
        const rows = pos.map((p) => ({ poNumber: p.poNumber, vendor: p.vendor, state: p.state, delivery: p.delivery.state, lines: p.lines.length, total: poTotalMinor(p), currency: p.currency, createdAt: p.createdAt }));
        out(opts.json, rows, rows.length ? printableDeep(rows).map((r) => `${r.poNumber}  ${r.vendor}  ${r.state}  delivery ${r.delivery}  ${r.lines} line(s)  ${r.total} ${r.currency} (minor)`).join("\n") : "no purchase orders");
      });
    });
  common(po.command("show").description("One purchase order").argument("<po>", "PO number")).action(async (poNumber: string, opts: Opts) => {
    await withCore("po show", opts, async (core) => {
      let p = await loadPo(core, poNumber);
      const view = { ...p, shipTo: p.shipTo.kind === "customer" ? { kind: "customer", order: p.shipTo.order, address: maskAddress(p.shipTo.address) } : p.shipTo };
      if (opts.json) return printJson(view);
      p = printableDeep(p);
      const text = [
        `${p.poNumber} ${p.vendor} ${p.state}; delivery ${p.delivery.state}${p.delivery.transport ? ` via ${p.delivery.transport}` : ""} after ${p.delivery.attempts} attempt(s)${p.delivery.lastError ? ` — last error: ${p.delivery.lastError}` : ""}`,
        `  ship-to: ${p.shipTo.kind === "warehouse" ? `warehouse ${p.shipTo.location}` : `customer of ${p.shipTo.order}: ${maskAddress(p.shipTo.address)}`}`,
        ...p.lines.map((l) => `  ${l.lineNo}. ${l.sku} (${l.vendorSku}) ×${l.quantity} @ ${l.unitCost}; received ${l.receivedQuantity}${l.confirmedQuantity !== undefined ? `, confirmed ${l.confirmedQuantity}` : ""}; covers ${l.covers.map((c) => `${c.order}/${c.line}×${c.quantity}`).join(", ") || "stock"}`),
      ].join("\n");
      process.stdout.write(`${text}\n`);
    });
  });
};

const registerWriteCommands = (po: Command): void => {
  common(po.command("resend").description("Send a PO to the vendor again (delivery reset to pending, new push job)").argument("<po>", "PO number"))
    .action(async (poNumber: string, opts: Opts) => {
      await withCore("po resend", opts, async (core) => {
        const r = await resendPo(core, poNumber);
        out(opts.json, { poNumber, ...r }, term`Delivery of ${poNumber} reset from ${r.previous} to pending (the push step skips sent POs); queued push job ${r.jobId}`);
      });
    });
  common(po.command("cancel").description("Cancel a draft or issued PO").argument("<po>", "PO number")).action(async (poNumber: string, opts: Opts) => {
    await withCore("po cancel", opts, async (core) => {
      const r = await cancelPo(core, poNumber);
      out(opts.json, { poNumber, ...r }, term`${poNumber} cancelled (was ${r.from}); re-evaluation queued for ${r.orders.length} order(s)`);
    });
  });
  common(
    po.command("receive").description("Record goods received against a PO line").argument("<po>", "PO number")
      .option("--sku <sku>", "our SKU (or the vendor's) of the PO line").option("--qty <n>", "units received")
      .option("--location <id>", "where they arrived (checked against the PO)").option("--ref <reference>", "receipt reference (same reference = same receipt)"),
  ).action(async (poNumber: string, raw: Opts & Record<string, unknown>) => {
    const parsed = ReceiveSchema.safeParse(raw);
    if (!parsed.success) return fail("po receive", optionUsageError(parsed.error));
    const { sku, qty, location, ref } = parsed.data;
    await withCore("po receive", raw, async (core) => {
      const r = await receivePo(core, { poNumber, sku, quantity: qty, location, reference: ref });
      out(raw.json, { poNumber, ...r }, term`Receipt of ${qty} × ${sku} on ${poNumber} line ${r.lineNo}: ${r.recorded === "new" ? "recorded" : "already recorded"} as event ${r.eventId}; inbound job queued`);
    });
  });
};

/** `backorder po list|show|resend|cancel|receive`. */
export const registerPoCommand = (program: Command): void => {
  const po = program.command("po").description("Purchase orders");
  registerReadCommands(po);
  registerWriteCommands(po);
};
