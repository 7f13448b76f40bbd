import PDFDocument from "pdfkit";
import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import { poTotalMinor } from "../../../domain/purchase-order.js";
import type { DocumentContext, ShipToView } from "../document-context.js";
import { poDate, shipToView } from "../document-context.js";
import { formatMinor } from "../money.js";

type Doc = InstanceType<typeof PDFDocument>;

/** Column x positions and widths on an A4 page with 50 pt margins (495 pt usable). */
const COLS = [
  { key: "lineNo", label: "#", x: 50, w: 22, align: "left" },
  { key: "vendorSku", label: "Vendor SKU", x: 74, w: 92, align: "left" },
  { key: "sku", label: "Our SKU", x: 168, w: 80, align: "left" },
  { key: "description", label: "Description", x: 250, w: 135, align: "left" },
  { key: "quantity", label: "Qty", x: 387, w: 38, align: "right" },
  { key: "unitCost", label: "Unit cost", x: 427, w: 55, align: "right" },
  { key: "lineTotal", label: "Line total", x: 484, w: 61, align: "right" },
] as const;
type ColKey = (typeof COLS)[number]["key"];

const BOTTOM = 770;

const addressLines = (view: ShipToView): string[] => {
  const a = view.address;
  if (!a) return [view.name];
  const cityLine = [a.postalCode, a.city, a.region].filter(Boolean).join(" ");
  return [view.name, a.company, a.line1, a.line2, cityLine, a.country].filter((s): s is string => Boolean(s));
};

const drawHeader = (doc: Doc, po: PurchaseOrder, ctx: DocumentContext): void => {
  doc.font("Helvetica-Bold").fontSize(18).text("PURCHASE ORDER", 50, 50);
  doc.font("Helvetica").fontSize(10);
  // The PO number gets a full-width line of its own: pdfkit breaks long values at hyphens.
  doc.font("Helvetica-Bold").fontSize(11).text(`PO number: ${po.poNumber}`, 50, 74, { width: 495 });
  doc.font("Helvetica").fontSize(10);
  doc.text(`Date: ${poDate(po.createdAt)}`, 345, 52, { width: 200, align: "right" });
  doc.text(`Currency: ${po.currency}`, 345, 66, { width: 200, align: "right" });
  const blockTop = 110;
  const view = shipToView(po.shipTo, ctx);
  const blocks: [string, string[]][] = [
    ["Buyer", [ctx.buyer.name, ...(ctx.buyer.address ? addressLines({ ...view, name: "", address: ctx.buyer.address }).filter(Boolean) : [])]],
    ["Vendor", [ctx.vendorName, `Vendor id: ${po.vendor}`]],
    [view.kind === "customer" ? "Ship to (DROP-SHIP: customer)" : "Ship to (warehouse)", addressLines(view)],
  ];
  blocks.forEach(([title, lines], i) => {
    const x = 50 + i * 170;
    doc.font("Helvetica-Bold").fontSize(9).text(title, x, blockTop, { width: 160 });
    doc.font("Helvetica").fontSize(9).text(lines.join("\n"), x, blockTop + 13, { width: 160 });
  });
};

const drawTableHead = (doc: Doc, y: number): number => {
  doc.font("Helvetica-Bold").fontSize(8);
  for (const c of COLS) doc.text(c.label, c.x, y, { width: c.w, align: c.align });
  doc.moveTo(50, y + 11).lineTo(545, y + 11).lineWidth(0.5).stroke();
  return y + 15;
};

const drawLines = (doc: Doc, po: PurchaseOrder, startY: number): number => {
  let y = drawTableHead(doc, startY);
  for (const l of po.lines) {
    const cells: Record<ColKey, string> = {
      lineNo: String(l.lineNo),
      vendorSku: l.vendorSku,
      sku: l.sku,
      description: l.description,
      quantity: String(l.quantity),
      unitCost: formatMinor(l.unitCost, po.currency),
      lineTotal: formatMinor(l.unitCost * l.quantity, po.currency),
    };
    doc.font("Helvetica").fontSize(8);
    const height = Math.max(...COLS.map((c) => doc.heightOfString(cells[c.key], { width: c.w }))) + 4;
    if (y + height > BOTTOM) {
      doc.addPage();
      y = drawTableHead(doc, 50);
      doc.font("Helvetica").fontSize(8);
    }
    for (const c of COLS) doc.text(cells[c.key], c.x, y, { width: c.w, align: c.align });
    y += height;
  }
  return y;
};

const drawTotals = (doc: Doc, po: PurchaseOrder, y: number): void => {
  if (y + 60 > BOTTOM) {
    doc.addPage();
    y = 50;
  }
  const units = po.lines.reduce((s, l) => s + l.quantity, 0);
  doc.moveTo(350, y).lineTo(545, y).lineWidth(0.5).stroke();
  doc.font("Helvetica").fontSize(9).text(`Lines: ${po.lines.length}   Units: ${units}`, 50, y + 6);
  doc.font("Helvetica-Bold").fontSize(10);
  doc.text(`Total ${po.currency} ${formatMinor(poTotalMinor(po), po.currency)}`, 300, y + 6, { width: 245, align: "right" });
  if (po.notes) {
    doc.font("Helvetica-Bold").fontSize(9).text("Notes", 50, y + 30);
    doc.font("Helvetica").fontSize(9).text(po.notes, 50, y + 43, { width: 495 });
  }
};

/**
 * A printable PO. Deterministic: the PDF dates (and so pdfkit's file id, which hashes them) come
 * from po.createdAt and the standard Helvetica font is not embedded, so one PO gives one byte string.
 */
export const renderPoPdf = (po: PurchaseOrder, ctx: DocumentContext): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const created = new Date(po.createdAt);
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: { Title: `Purchase order ${po.poNumber}`, Author: ctx.buyer.name, CreationDate: created, ModDate: created },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    drawHeader(doc, po, ctx);
    const y = drawLines(doc, po, Math.max(doc.y + 15, 200));
    drawTotals(doc, po, y + 4);
    doc.end();
  });
