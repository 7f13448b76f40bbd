import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SupplierEvent } from "../../../src/connectors/suppliers/events.js";
import { pollSftpOutbound } from "../../../src/connectors/suppliers/sftp/sftp-outbound.poller.js";
import type { SftpPeer } from "../../../src/emulators/supplier/sftp.peer.js";
import { startSftpPeer } from "../../../src/emulators/supplier/sftp.peer.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), "utf8");
let peer: SftpPeer;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "sftp-poll-"));
  peer = await startSftpPeer({ root });
});
afterAll(async () => {
  await peer.close();
  rmSync(root, { recursive: true, force: true });
});

const poll = (onFile?: (f: { name: string; events: SupplierEvent[] }) => Promise<void>) =>
  pollSftpOutbound({ host: "127.0.0.1", port: peer.port, username: peer.username, password: peer.password, hostKeySha256: peer.hostKeySha256, outboundDir: "/outbound" }, onFile);

describe("pollSftpOutbound against the local SFTP peer", () => {
  it("reads 855 and 856 files, archives them, rejects bad ones and skips uploads in progress", async () => {
    await peer.putOutbound("ACK-555.855.x12", fixture("855-changed.edi"));
    await peer.putOutbound("ASN-556.856.x12", fixture("856-asn.edi"));
    await peer.putOutbound("broken.edi", fixture("855-changed.edi").replace("SE*11", "SE*12"));
    await peer.putOutbound(".ASN-557.856.x12.part", "ISA*half");
    writeFileSync(path.join(root, "outbound", "evil\u001bname.edi"), fixture("855-changed.edi"));

    const seen: string[] = [];
    const r = await poll(async (f) => void seen.push(f.name));
    expect(r.events.map((e) => `${e.kind}:${e.poNumber}`)).toEqual(["acknowledgement:PO2503140930-0ACME0001", "shipment:PO2503140930-0ACME0001"]);
    expect(seen).toEqual(["ACK-555.855.x12", "ASN-556.856.x12"]);
    expect(r.rejected).toEqual([
      { file: "broken.edi", code: "X12.COUNT_MISMATCH", message: expect.stringContaining("SE01") },
      { file: "evil?name.edi", code: "SUPPLIER.BAD_FILE_NAME", message: expect.stringContaining("refusing") },
    ]);
    expect(r.skipped.map((s) => s.file)).toEqual([".ASN-557.856.x12.part"]);
    expect(await peer.listDir("outbound/archive")).toEqual(["ACK-555.855.x12", "ASN-556.856.x12"]);
    expect(await peer.listDir("outbound/rejected")).toEqual(["broken.edi"]);
    // The hostile name is left alone (never used to build a path), the temporary upload too.
    expect(await peer.listDir("outbound")).toEqual([".ASN-557.856.x12.part", "archive", "evil\u001bname.edi", "rejected"]);
  });

  it("is idempotent: a second poll finds nothing new", async () => {
    const r = await poll();
    expect(r.events).toEqual([]);
    expect(r.processed).toEqual([]);
  });

  it("keeps a file whose events could not be stored, and yields the same event ids next time", async () => {
    await peer.putOutbound("ACK-AGAIN.855.x12", fixture("855-changed.edi"));
    await expect(poll(async () => Promise.reject(new Error("mongo down")))).rejects.toThrow(/mongo down/);
    expect(await peer.listDir("outbound")).toContain("ACK-AGAIN.855.x12");
    const r = await poll();
    expect(r.events.map((e) => e.eventId)).toEqual(["x12:ACMESUPPLY:000000555:0001"]);
    expect(await peer.listDir("outbound")).not.toContain("ACK-AGAIN.855.x12");
  });
});
