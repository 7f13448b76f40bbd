import type { Command } from "commander";
import { NotFoundError, UsageError } from "./cli-errors.js";
import { printable, printableDeep } from "./printable.js";
import { fail, parseOrderRef, printJson, withCore, type Core } from "./with-core.js";

type Target = { kind: "order"; channel: string; externalId: string } | { kind: "po"; poNumber: string };

const refOf = (t: Target): string => (t.kind === "po" ? t.poNumber : `${t.channel}:${t.externalId}`);

/** Same words as `po show` and `orders show`: an empty trail of a mistyped reference is not an answer. */
const mustExist = async (core: Core, t: Target): Promise<void> => {
  const found = t.kind === "po" ? await core.deps.purchaseOrders.get(t.poNumber) : await core.deps.orders.getOrder(t.channel, t.externalId);
  if (!found) throw new NotFoundError(t.kind === "po" ? `purchase order ${t.poNumber} does not exist` : `order ${refOf(t)} does not exist`);
};

/** `backorder events --order CHANNEL:ID | --po PO`: the audit trail of one order or PO. */
export const registerEventsCommand = (program: Command): void => {
  program
    .command("events")
    .description("Audit trail of an order or a purchase order")
    .option("--order <ref>", "CHANNEL:ID")
    .option("--po <poNumber>", "purchase order number")
    .option("--json", "print as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (opts: { order?: string; po?: string; json?: boolean; configDir?: string }) => {
      let target: Target;
      try {
        if ((opts.order === undefined) === (opts.po === undefined)) throw new UsageError("give exactly one of --order CHANNEL:ID or --po PO");
        target = opts.order !== undefined ? { kind: "order", ...parseOrderRef(opts.order) } : { kind: "po", poNumber: opts.po as string };
      } catch (err) {
        return fail("events", err);
      }
      await withCore("events", opts, async (core) => {
        const ref = refOf(target);
        const events = await core.deps.events.forRef(ref);
        // Only an empty trail needs the lookup: any event already shows the order or PO existed.
        if (events.length === 0) await mustExist(core, target);
        if (opts.json) return printJson(events);
        // JSON.stringify escapes C0 controls, not C1 ones: the data goes through printable as well.
        const rows = events.map((raw) => ({ e: printableDeep(raw), data: raw.data ? printable(JSON.stringify(raw.data)) : undefined }))
          .map(({ e, data }) => `${e.at} ${e.entity} ${e.what}${e.from || e.to ? ` ${e.from ?? ""}→${e.to ?? ""}` : ""}${e.why ? ` (${e.why})` : ""}${data ? ` ${data}` : ""}`);
        process.stdout.write(`${[`Events of ${printable(ref)}: ${events.length}`, ...rows.map((r) => `  ${r}`)].join("\n")}\n`);
      });
    });
};
