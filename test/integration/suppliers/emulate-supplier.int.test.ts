import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerSupplierEmulator, startSupplierPeers } from "../../../src/cli/emulate-supplier.js";
import { createHttpTransport } from "../../../src/connectors/suppliers/http/http.transport.js";
import { pollSftpOutbound } from "../../../src/connectors/suppliers/sftp/sftp-outbound.poller.js";
import { sampleContext, samplePo } from "../../fixtures/suppliers/sample-po.js";

describe("backorder emulate supplier", () => {
  it("starts all three peers on loopback ports that answer, and closes them", async () => {
    const peers = await startSupplierPeers({ signingSecret: "s" });
    try {
      expect(new Set([peers.http.port, peers.smtp.port, peers.sftp.port]).size).toBe(3);
      const po = samplePo();
      await createHttpTransport({ url: peers.http.url, signingSecret: "s", timeoutMs: 5_000, context: sampleContext }).deliver(po, po.poNumber);
      expect(peers.http.received()).toHaveLength(1);
      const poll = await pollSftpOutbound({ host: "127.0.0.1", port: peers.sftp.port, username: peers.sftp.username, password: peers.sftp.password, outboundDir: "/outbound" });
      expect(poll.events).toEqual([]);
    } finally {
      await peers.close();
    }
  });

  it("registers a `supplier` subcommand with port options", () => {
    const emulate = new Command("emulate");
    const cmd = registerSupplierEmulator(emulate);
    expect(emulate.commands.map((c) => c.name())).toEqual(["supplier"]);
    expect(cmd.options.map((o) => o.long)).toEqual(expect.arrayContaining(["--http-port", "--smtp-port", "--sftp-port", "--sftp-root"]));
  });
});
