import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "./errors.js";
import { orderStateFor, transitionOrder } from "./order-state.js";
import { transitionPo } from "./po-state.js";

describe("sales order state machine", () => {
  it("walks open → on_hold → ready → fulfilled", () => {
    expect(transitionOrder(transitionOrder(transitionOrder("open", "on_hold"), "ready"), "fulfilled")).toBe("fulfilled");
  });
  it("rejects illegal moves with a typed error naming both states", () => {
    const err = (() => { try { transitionOrder("cancelled", "ready", "shop:1"); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect(err).toMatchObject({ code: "ORDER.ILLEGAL_TRANSITION", from: "cancelled", to: "ready", message: "sales order shop:1 cannot go from cancelled to ready" });
    expect(() => transitionOrder("fulfilled", "on_hold")).toThrow(/from fulfilled to on_hold/);
  });
  it("derives the state from an evaluation", () => {
    expect(orderStateFor({ status: "open", onHold: true, needed: 2 })).toBe("on_hold");
    expect(orderStateFor({ status: "open", onHold: false, needed: 2 })).toBe("ready");
    expect(orderStateFor({ status: "cancelled", onHold: true, needed: 2 })).toBe("cancelled");
  });
});

describe("PO state machine", () => {
  it("walks draft → issued → acknowledged → partially_received → received → closed", () => {
    const path = ["issued", "acknowledged", "partially_received", "received", "closed"] as const;
    expect(path.reduce((s, to) => transitionPo(s, to), "draft" as Parameters<typeof transitionPo>[0])).toBe("closed");
  });
  it("allows cancel before goods arrive, never after", () => {
    expect(transitionPo("issued", "cancelled")).toBe("cancelled");
    expect(() => transitionPo("received", "cancelled")).toThrow(expect.objectContaining({ code: "PO.ILLEGAL_TRANSITION", from: "received", to: "cancelled" }));
    expect(() => transitionPo("draft", "received")).toThrow(/purchase order cannot go from draft to received/);
  });
  it("treats the same state as a no-op so retries are safe", () => {
    expect(transitionPo("issued", "issued")).toBe("issued");
  });
});
