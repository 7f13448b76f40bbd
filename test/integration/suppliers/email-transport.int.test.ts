import { PDFParse } from "pdf-parse";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryLog } from "../../../src/connectors/suppliers/delivery-log.port.js";
import { createEmailTransport } from "../../../src/connectors/suppliers/email/email.transport.js";
import type { SmtpPeer } from "../../../src/emulators/supplier/smtp.peer.js";
import { startSmtpPeer } from "../../../src/emulators/supplier/smtp.peer.js";
import { createDeliveryLogRepository } from "../../../src/persistence/suppliers/delivery-log.repository.js";
import { PermanentError, TransientError } from "../../../src/shared/errors.js";
import { olistPurchaseOrders } from "../../fixtures/suppliers/olist-pos.js";
import { sampleContext, samplePo } from "../../fixtures/suppliers/sample-po.js";
import { isolatedServices } from "../../support/services.js";

let services: Awaited<ReturnType<typeof isolatedServices>>;
let peer: SmtpPeer;

beforeAll(async () => {
  services = await isolatedServices("email_transport");
});
afterAll(async () => services.cleanup());
afterEach(async () => peer?.close());

/** A delivery log whose first markSent "crashes": the SMTP server already has the message, the record does not. */
const crashingOnceAfterSend = (inner: DeliveryLog): DeliveryLog => {
  let crashed = false;
  return {
    claim: (a) => inner.claim(a),
    markFailed: (a) => inner.markFailed(a),
    markSent: async (a) => {
      if (!crashed) {
        crashed = true;
        throw new Error("worker killed between SMTP 250 and recording");
      }
      return inner.markSent(a);
    },
  };
};

const setup = (over: { log?: DeliveryLog; evidence?: boolean; clock?: { t: number }; auth?: boolean; requireTls?: boolean } = {}) => {
  const clock = over.clock ?? { t: Date.parse("2026-12-03T10:00:00Z") };
  return createEmailTransport({
    host: "127.0.0.1",
    port: peer.port,
    secure: false,
    requireTls: over.requireTls ?? false,
    tlsRejectUnauthorized: false,
    auth: over.auth === false ? undefined : { user: "buyer", pass: "smtp-pass" },
    from: "purchasing@myshop.example",
    to: "orders@acme.example",
    attachCsv: true,
    context: sampleContext,
    deliveryLog: over.log ?? createDeliveryLogRepository(services.conn),
    leaseMs: 60_000,
    alreadyDelivered: over.evidence ? async (id) => peer.countByMessageId(id) > 0 : undefined,
    now: () => new Date(clock.t),
  });
};

describe("e-mail transport against the local SMTP peer", () => {
  it("mails each Olist PO once with its PDF and CSV, and skips a second send", async () => {
    peer = await startSmtpPeer({ auth: { user: "buyer", pass: "smtp-pass" } });
    const t = setup();
    const pos = olistPurchaseOrders(3);
    for (const po of pos) expect((await t.deliver(po, po.poNumber)).duplicate).toBe(false);
    for (const po of pos) expect((await t.deliver(po, po.poNumber)).duplicate).toBe(true);
    expect(peer.received()).toHaveLength(3);
    const first = peer.received()[0];
    const po = pos[0];
    if (!first || !po) throw new Error("nothing received");
    expect(first.messageId).toBe(`<${po.poNumber}.backorder@myshop.example>`);
    expect(first.envelope.to).toEqual(["orders@acme.example"]);
    const pdf = first.parts.find((p) => p.filename === `${po.poNumber}.pdf`);
    const csv = first.parts.find((p) => p.filename === `${po.poNumber}.csv`);
    expect(pdf?.contentType).toBe("application/pdf");
    const parser = new PDFParse({ data: new Uint8Array(pdf?.content ?? Buffer.alloc(0)) });
    expect((await parser.getText()).text).toContain(po.poNumber);
    await parser.destroy();
    expect(csv?.content.toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(po.lines.length + 1);
  });

  it("sends once across a crash between SMTP acceptance and the record, using peer evidence", async () => {
    peer = await startSmtpPeer();
    const clock = { t: Date.parse("2026-12-03T10:00:00Z") };
    const log = crashingOnceAfterSend(createDeliveryLogRepository(services.conn));
    const t = setup({ log, evidence: true, clock, auth: false });
    const po = samplePo({ poNumber: "PO-2024-0001" });
    await expect(t.deliver(po, po.poNumber)).rejects.toThrow(/worker killed/);
    // Within the lease the record says "someone is sending": retry later, never a second send.
    const busy = await t.deliver(po, po.poNumber).catch((e: unknown) => e);
    expect((busy as TransientError).code).toBe("SUPPLIER.DELIVERY_IN_PROGRESS");
    clock.t += 61_000;
    expect(await t.deliver(po, po.poNumber)).toEqual({ reference: "<PO-2024-0001.backorder@myshop.example>", duplicate: true });
    expect(await t.deliver(po, po.poNumber)).toMatchObject({ duplicate: true });
    expect(peer.countByMessageId("<PO-2024-0001.backorder@myshop.example>")).toBe(1);
  });

  it("shows what the residual duplicate looks like without evidence: the same Message-ID twice", async () => {
    peer = await startSmtpPeer();
    const clock = { t: Date.parse("2026-12-03T10:00:00Z") };
    const t = setup({ log: crashingOnceAfterSend(createDeliveryLogRepository(services.conn)), clock, auth: false });
    const po = samplePo({ poNumber: "PO-2024-0002" });
    await expect(t.deliver(po, po.poNumber)).rejects.toThrow(/worker killed/);
    clock.t += 61_000;
    expect(await t.deliver(po, po.poNumber)).toMatchObject({ duplicate: false });
    const copies = peer.received().filter((m) => m.messageId === "<PO-2024-0002.backorder@myshop.example>");
    expect(copies).toHaveLength(2);
    expect(copies[0]?.headers["subject"]).toBe(copies[1]?.headers["subject"]);
  });

  it("collapses two triggers at once (C12: PO-finalised event and push sweep) into one message", async () => {
    peer = await startSmtpPeer();
    const t = setup({ auth: false });
    const po = samplePo({ poNumber: "PO-2024-0003" });
    const results = await Promise.allSettled([t.deliver(po, po.poNumber), t.deliver(po, po.poNumber)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(peer.countByMessageId("<PO-2024-0003.backorder@myshop.example>")).toBe(1);
  });

  it("treats 421 as transient and 550 as permanent, and a refused send can be retried", async () => {
    peer = await startSmtpPeer();
    peer.failNext(421, "4.3.2 try again later");
    peer.failNext(550, "5.1.1 no such mailbox");
    const t = setup({ auth: false });
    const po = samplePo({ poNumber: "PO-0004" });
    const e421 = await t.deliver(po, po.poNumber).catch((e: unknown) => e);
    expect(e421).toBeInstanceOf(TransientError);
    expect((e421 as TransientError).code).toBe("SUPPLIER.SMTP_4XX");
    const e550 = await t.deliver(po, po.poNumber).catch((e: unknown) => e);
    expect(e550).toBeInstanceOf(PermanentError);
    expect((e550 as PermanentError).message).toContain("no such mailbox");
    expect(await t.deliver(po, po.poNumber)).toMatchObject({ duplicate: false });
    expect(peer.countByMessageId("<PO-0004.backorder@myshop.example>")).toBe(1);
  });

  it("refuses wrong SMTP credentials permanently", async () => {
    peer = await startSmtpPeer({ auth: { user: "buyer", pass: "other" } });
    const err = await setup().deliver(samplePo({ poNumber: "PO-AUTH" }), "PO-AUTH").catch((e: unknown) => e);
    expect((err as PermanentError).code).toBe("SUPPLIER.AUTH");
    expect(peer.received()).toHaveLength(0);
  });

  it("upgrades with STARTTLS when the vendor requires TLS", async () => {
    peer = await startSmtpPeer({ starttls: true, auth: { user: "buyer", pass: "smtp-pass" } });
    const po = samplePo({ poNumber: "PO-TLS-1" });
    expect(await setup({ requireTls: true }).deliver(po, po.poNumber)).toMatchObject({ duplicate: false });
    expect(peer.received()[0]?.secure).toBe(true);
  });

  it("will not send in clear text when TLS is required but not offered", async () => {
    peer = await startSmtpPeer();
    const err = await setup({ requireTls: true, auth: false }).deliver(samplePo({ poNumber: "PO-TLS-2" }), "PO-TLS-2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe("SUPPLIER.TLS");
    expect(peer.received()).toHaveLength(0);
  });
});
