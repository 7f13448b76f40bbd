import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Offer } from "../../../src/domain/catalog.js";
import { createOfferRepository } from "../../../src/persistence/pipeline/offer.repository.js";
import { isolatedServices } from "../../support/services.js";

const offer = (sku: string, vendor: string, unitCost = 100): Offer => ({
  sku, vendor, vendorSku: `${vendor}-${sku}`, unitCost, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 3, preferred: false, dropship: false,
});

describe("vendor offers read once per catalogue change", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  beforeAll(async () => {
    svc = await isolatedServices("offers_repo");
  });
  afterAll(async () => svc.cleanup());

  it("reads the whole catalogue again only after an import, also one by another process", async () => {
    const worker = createOfferRepository(svc.conn);
    const importer = createOfferRepository(svc.conn);
    await importer.upsertMany([offer("MUG", "acme"), offer("TEE", "acme"), offer("MUG", "globex")]);
    expect((await worker.forVendor("acme")).map((o) => o.sku).sort()).toEqual(["MUG", "TEE"]);

    const commands: string[] = [];
    svc.conn.set("debug", (collection: string, method: string) => void commands.push(`${collection}.${method}`));
    try {
      expect((await worker.forVendor("globex")).map((o) => o.sku)).toEqual(["MUG"]);
      expect(await worker.forVendor("acme")).toHaveLength(2);
      // Unchanged catalogue: only the stamp is read, never the offers.
      expect(commands).toEqual(["offer_stamps.findOne", "offer_stamps.findOne"]);

      await importer.upsertMany([offer("MUG", "acme", 90), offer("CAP", "acme")]);
      const acme = await worker.forVendor("acme");
      expect(acme.map((o) => [o.sku, o.unitCost]).sort()).toEqual([["CAP", 100], ["MUG", 90], ["TEE", 100]]);
      expect(commands.filter((c) => c === "offers.find").length).toBe(1);
    } finally {
      svc.conn.set("debug", false);
    }
  });
});
