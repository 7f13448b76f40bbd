import type { Counted, Report } from "./build-report.js";
import { printableDeep } from "../ops/printable.js";
import { fillRateText, shareText } from "./share-text.js";

const fmt = (n: number | null): string => (n === null ? "—" : String(n));
const top = (items: readonly Counted[]): string => (items.length ? items.map((c) => `${c.key} ×${c.count}`).join(", ") : "none");

const section = (title: string, rows: string[]): string[] => ["", title, ...rows.map((r) => `  ${r}`)];

/** A terminal shows the busiest vendors; `report --json` keeps every one. */
const VENDOR_ROWS = 12;
const more = (n: number): string[] => (n > 0 ? [`… and ${n} more vendor(s) (report --json lists all)`] : []);

const poRows = (r: Report): string[] => {
  const byVendor = new Map<string, { total: number; states: string[] }>();
  for (const v of r.purchaseOrders.byVendorState) {
    const cur = byVendor.get(v.vendor) ?? { total: 0, states: [] };
    cur.total += v.count;
    cur.states.push(`${v.state} ${v.count}`);
    byVendor.set(v.vendor, cur);
  }
  const states = new Map<string, number>();
  for (const v of r.purchaseOrders.byVendorState) states.set(v.state, (states.get(v.state) ?? 0) + v.count);
  const busiest = [...byVendor].sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  return [
    `per state: ${[...states].map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`,
    ...busiest.slice(0, VENDOR_ROWS).map(([vendor, v]) => `${vendor}: ${v.states.join(", ")}`),
    ...more(busiest.length - VENDOR_ROWS),
  ];
};

/** The report as text for a terminal (the demo prints this too). */
export const renderReport = (report: Report): string => {
  // Channel, vendor and exception names come from data: control characters in them are shown escaped.
  const r = printableDeep(report);
  const po = r.purchaseOrders;
  return [
    `Backorder report as of ${r.asOf}${r.since ? ` (since ${r.since})` : ""}`,
    ...section("Orders per channel", r.channels.length ? r.channels.map((c) => `${c.channel}: ${c.orders} orders, ${c.lines} lines`) : ["no orders"]),
    ...section("Lines", [
      `allocated: ${r.lines.allocated} lines (${r.lines.unitsAllocated} units)`,
      `backordered: ${r.lines.backordered} lines (${r.lines.unitsBackordered} units)`,
      `non-inventory: ${r.lines.nonInventory} lines`,
      `without a SKU (cannot be stocked or bought): ${r.lines.unmapped} lines`,
      `backordered share: ${shareText(r.backordered.units, "units")}, ${shareText(r.backordered.lines, "lines")}; fill rate ${fillRateText(r.backordered.units, r.backordered.fillRatePercent)}`,
    ]),
    ...section("Holds", [
      `orders on hold now: ${r.ordersOnHold}`,
      `backorder days of ${r.backorderDays.released} released orders: median ${fmt(r.backorderDays.median)}, p90 ${fmt(r.backorderDays.p90)}`,
    ]),
    ...section("Purchase orders", [
      `total: ${po.total}; delivered ${po.delivered}, failed ${po.failed}, awaiting delivery ${po.pendingDelivery}`,
      `per transport: ${top(po.byTransport)}`,
      ...poRows(r),
    ]),
    ...section("Exceptions", [
      `backorder lines without an offer: ${r.exceptions.noOffer.lines} (${r.exceptions.noOffer.units} units); top: ${top(r.exceptions.noOffer.top)}`,
      `open stock lines without a SKU: ${r.exceptions.unmapped.lines} (${r.exceptions.unmapped.units} units)`,
      `quarantined inputs: ${r.exceptions.quarantine.entries}; top: ${top(r.exceptions.quarantine.top)}`,
    ]),
    ...section(
      "Vendor lead time (days, promised vs actual)",
      r.vendorLeadTimes.length
        ? [
            ...[...r.vendorLeadTimes].sort((a, b) => b.orders - a.orders || (a.vendor < b.vendor ? -1 : 1)).slice(0, VENDOR_ROWS)
              .map((v) => `${v.vendor}: ${v.orders} POs, promised ${v.promisedAvgDays}, actual ${fmt(v.actualAvgDays)}, late ${v.lateCount}`),
            ...more(r.vendorLeadTimes.length - VENDOR_ROWS),
          ]
        : ["no issued POs"],
    ),
  ].join("\n");
};
