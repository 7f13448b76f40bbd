import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

const run = promisify(execFile);

/**
 * An order short of a SKU nobody offers records a "no offer" exception; when the merchant then
 * imports an offer for it (`backorder catalog import`), the order is evaluated again and the line
 * gets the vendor, instead of staying an exception no window ever buys.
 */
describe("an offer imported after the order arrived", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let service: Service;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    shopify = await startShopifyEmulator({ port: 0, orders: [], accessToken: "shpat_emulator" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    ({ dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url }));
    service = await startService({ roles: ["worker"], configDir: dir, env });
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  const lineOf = async (order: string) => (await service.deps.backorders.byIds([{ order, line: "101" }]))[0];

  const importOffers = async (rows: string[]) => {
    const file = path.join(dir, "offers.csv");
    writeFileSync(file, ["sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship", ...rows].join("\n"));
    const r = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "catalog", "import", file, "--json", "--config-dir", dir], { env, timeout: 90_000 });
    return JSON.parse(r.stdout) as { imported: number; ordersReevaluated: number; skipped: { ref: string; code: string; reason: string }[] };
  };

  it("clears the no-offer exception and assigns the vendor; an import of other SKUs queues nothing", async () => {
    const order = sampleOrder(1, [{ sku: "NEW-1", qty: 2 }], "2026-11-20T08:00:00.000Z");
    const key = `${order.channel}:${order.externalId}`;
    shopify.addOrder(order);
    const { version } = await service.deps.orders.upsertOrder(order);
    await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    const before = await waitFor("the no-offer exception", async () => {
      const l = await lineOf(key);
      return l?.exception ? l : null;
    }, 60_000);
    expect(before).toMatchObject({ sku: "NEW-1", quantity: 2, vendor: null, exception: { code: "CATALOG.NO_OFFER" } });

    expect(await importOffers(["OTHER-9,acme,AC-OTHER,1.00,USD,1,1,2,true,false"])).toMatchObject({ imported: 1, ordersReevaluated: 0 });
    expect(await importOffers(["NEW-1,acme,AC-NEW,2.50,USD,1,1,2,true,false"])).toMatchObject({ imported: 1, ordersReevaluated: 1 });
    const after = await waitFor("the line assigned to acme", async () => {
      const l = await lineOf(key);
      return l && !l.exception && l.vendor === "acme" ? l : null;
    }, 60_000);
    expect(after).toMatchObject({ sku: "NEW-1", quantity: 2, vendor: "acme" });
    expect((await service.deps.backorders.openForVendor("acme")).map((l) => l.order)).toEqual([key]);
  }, 180_000);

  it("regression: an offer of a vendor not configured was stored (with a note) and requeued its order; it is skipped and listed", async () => {
    const order = sampleOrder(2, [{ sku: "NEW-2", qty: 1 }], "2026-11-21T08:00:00.000Z");
    const key = `${order.channel}:${order.externalId}`;
    shopify.addOrder(order);
    const { version } = await service.deps.orders.upsertOrder(order);
    await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    await waitFor("the no-offer exception", async () => (await service.deps.backorders.byIds([{ order: key, line: "201" }]))[0]?.exception, 60_000);

    const r = await importOffers(["NEW-2,zeta,Z-NEW,2.50,USD,1,1,2,true,false", "OTHER-8,acme,AC-OTHER8,1.00,USD,1,1,2,true,false"]);
    expect(r).toMatchObject({ imported: 1, ordersReevaluated: 0 });
    expect(r.skipped).toEqual([{ ref: "offers.csv: row 2", code: "OFFER.UNKNOWN_VENDOR", reason: 'NEW-2: vendor "zeta" is not in the configuration (vendors: acme)' }]);
    expect(await service.deps.offers.forSkus(["NEW-2"])).toEqual([]);
    expect((await service.deps.offers.forSkus(["OTHER-8"])).map((o) => o.vendor)).toEqual(["acme"]);
  }, 180_000);
});
