import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readX12 } from "../../../src/connectors/documents/x12/x12-reader.js";
import { createSftpTransport } from "../../../src/connectors/suppliers/sftp/sftp.transport.js";
import type { SftpPeer } from "../../../src/emulators/supplier/sftp.peer.js";
import { startSftpPeer } from "../../../src/emulators/supplier/sftp.peer.js";
import { createX12ControlNumberRepository } from "../../../src/persistence/suppliers/x12-control-number.repository.js";
import { PermanentError } from "../../../src/shared/errors.js";
import { olistPurchaseOrders } from "../../fixtures/suppliers/olist-pos.js";
import { sampleContext, samplePo } from "../../fixtures/suppliers/sample-po.js";
import { isolatedServices } from "../../support/services.js";

let services: Awaited<ReturnType<typeof isolatedServices>>;
let peer: SftpPeer;
let root: string;

beforeAll(async () => {
  services = await isolatedServices("sftp_transport");
  root = mkdtempSync(path.join(tmpdir(), "sftp-peer-"));
  peer = await startSftpPeer({ root });
});

afterAll(async () => {
  await peer.close();
  await services.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const transport = (over: { password?: string; hostKeySha256?: string; alsoCsv?: boolean } = {}) =>
  createSftpTransport({
    host: "127.0.0.1",
    port: peer.port,
    username: peer.username,
    password: over.password ?? peer.password,
    hostKeySha256: over.hostKeySha256 ?? peer.hostKeySha256,
    inboundDir: "/inbound",
    alsoCsv: over.alsoCsv ?? false,
    senderId: "MYSHOPBUYER",
    receiverId: "ACMESUPPLY",
    qualifier: "ZZ",
    usage: "T",
    context: sampleContext,
    controlNumbers: createX12ControlNumberRepository(services.conn),
  });

describe("SFTP transport against the local SFTP peer", () => {
  it("uploads one 850 per Olist PO, each with its own control number", async () => {
    const pos = olistPurchaseOrders(4);
    const t = transport();
    for (const po of pos) expect((await t.deliver(po, po.poNumber)).duplicate).toBe(false);
    const files = await peer.received();
    expect(files.map((f) => f.name)).toEqual(pos.map((p) => `${p.poNumber}.850.x12`).sort());
    const controls = files.map((f) => readX12(f.content).controlNumber);
    expect(new Set(controls).size).toBe(pos.length);
    const beg = readX12(files[0]?.content ?? "").groups[0]?.transactions[0]?.segments.find((s) => s.id === "BEG");
    expect(pos.map((p) => p.poNumber)).toContain(beg?.elements[3]);
    expect(await peer.listDir("inbound")).not.toContainEqual(expect.stringMatching(/\.part$/));
  });

  it("uploads once when a crash between send and record makes the job send again", async () => {
    const po = samplePo({ poNumber: "PO-SFTP-CRASH-1" });
    const t = transport({ alsoCsv: true });
    const first = await t.deliver(po, po.poNumber); // the worker dies before recording this outcome
    const second = await t.deliver(po, po.poNumber);
    expect(first).toEqual({ reference: "/inbound/PO-SFTP-CRASH-1.850.x12", duplicate: false });
    expect(second).toEqual({ reference: "/inbound/PO-SFTP-CRASH-1.850.x12", duplicate: true });
    expect(peer.completedUploads().filter((n) => n.includes("PO-SFTP-CRASH-1"))).toEqual([
      path.join("inbound", "PO-SFTP-CRASH-1.csv"),
      path.join("inbound", "PO-SFTP-CRASH-1.850.x12"),
    ]);
  });

  it("reuses the PO's control number when the upload is repeated after losing the file", async () => {
    const repo = createX12ControlNumberRepository(services.conn);
    const a = await repo.forPo("ACMESUPPLY", "PO-SAME");
    const again = await Promise.all(Array.from({ length: 5 }, () => repo.forPo("ACMESUPPLY", "PO-SAME")));
    expect(again).toEqual([a, a, a, a, a]);
    const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.forPo("ACMESUPPLY", `PO-PAR-${i}`)));
    expect(new Set(distinct).size).toBe(10);
    expect(await repo.forPo("OTHERPARTNER", "PO-SAME")).toBe(1);
    expect(Math.min(...distinct)).toBeGreaterThan(a);
    // The first numbers of a new partner, asked for side by side: the counter's first upsert races.
    const partner = `NEW${Date.now() % 1e9}`;
    const fresh = await Promise.all(Array.from({ length: 8 }, (_, i) => repo.forPo(partner, `PO-NEW-${i}`)));
    expect(new Set(fresh).size).toBe(8);
  });

  it("refuses a wrong password or a host key that does not match, permanently", async () => {
    const po = samplePo({ poNumber: "PO-SFTP-AUTH" });
    const bad = await transport({ password: "wrong" }).deliver(po, po.poNumber).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PermanentError);
    expect((bad as PermanentError).code).toBe("SUPPLIER.AUTH");
    const spoof = await transport({ hostKeySha256: "AAAA" }).deliver(po, po.poNumber).catch((e: unknown) => e);
    expect((spoof as PermanentError).code).toBe("SUPPLIER.HOST_KEY");
    expect((await peer.received()).map((f) => f.name)).not.toContain("PO-SFTP-AUTH.850.x12");
  });
});
