// Guards against field reports C29 and C30: pressing Retry in Bull Board must work through our auth
// and CSRF guard, and the board must not open without credentials.
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Queue, Worker } from "bullmq";
import express from "express";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type RunningServer } from "../../src/server/http-server.js";
import { waitFor, isolatedQueues } from "../integration/server/server-helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ADMIN = { username: "ops", password: "correct-horse-battery" };
const JOB_ID = "po-PO-0004";

const requireChromium = (): void => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package: ` +
        "`apt-get update && apt-get install -y chromium` (CI installs it when missing).",
    );
  }
};

/** A supplier endpoint that is down (500) until told otherwise, counting what it accepted. */
const startSupplier = async () => {
  const state = { healthy: false, attempts: [] as { poId: string; status: number }[] };
  const app = express();
  app.post("/purchase-orders", express.json(), (req, res) => {
    const poId = String((req.body as { poId?: unknown }).poId);
    const status = state.healthy ? 201 : 500;
    state.attempts.push({ poId, status });
    res.status(status).json(state.healthy ? { received: poId } : { error: "supplier down" });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const delivered = () => state.attempts.filter((a) => a.status === 201);
  return { state, url, close, delivered };
};

/** The board's job actions are icon buttons named only by a hover tooltip: hover each, as a person would. */
const buttonWithTooltip = async (page: Page, scope: Locator, label: string): Promise<Locator> => {
  const buttons = scope.getByRole("button");
  for (let i = 0; i < (await buttons.count()); i += 1) {
    await page.mouse.move(0, 0);
    await buttons.nth(i).hover();
    const tip = page.getByText(label, { exact: true });
    const shown = await tip.waitFor({ state: "visible", timeout: 2_000 }).then(() => true, () => false);
    if (shown) return buttons.nth(i);
  }
  throw new Error(`no button with the tooltip "${label}"`);
};

describe("Bull Board in a real browser", () => {
  const env = isolatedQueues("board-browser");
  let supplier: Awaited<ReturnType<typeof startSupplier>>;
  let board: RunningServer;
  let browser: Browser;
  let queue: Queue;
  let worker: Worker;
  const foreignResponses: string[] = [];

  beforeAll(async () => {
    // Without Chromium every test below fails with install instructions; none is skipped.
    if (!existsSync(CHROMIUM)) return;
    supplier = await startSupplier();
    queue = env.queue("po.push");
    worker = env.worker("po.push", async (job) => {
      const res = await fetch(`${supplier.url}/purchase-orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": String(job.id) },
        body: JSON.stringify({ poId: (job.data as { poId: string }).poId }),
      });
      if (!res.ok) throw new Error(`[SUPPLIER.HTTP_${res.status}] supplier answered ${res.status}`);
      return { status: res.status };
    });
    board = await createHttpServer({
      adminCredentials: { user: ADMIN.username, password: ADMIN.password },
      allowUnauthenticatedAdmin: false,
      queues: [queue],
    }).listen();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // Tests never leave loopback; the board's template links a web font elsewhere.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await board?.close();
    await env.cleanup();
    await supplier?.close();
  });

  it("answers 401 to a browser without credentials", async () => {
    requireChromium();
    const context = await browser.newContext();
    const page = await context.newPage();
    const target = `${board.url}/admin/queues/`;
    // Chromium turns a refused Basic challenge into a navigation error; the response itself still arrives.
    const response = page.waitForResponse((r) => r.url() === target);
    const navigation = await page.goto(target).then(() => "loaded", (err: Error) => err.message);
    const res = await response;
    expect(res.status()).toBe(401);
    expect(res.headers()["www-authenticate"]).toMatch(/^Basic /);
    expect(navigation).toContain("ERR_INVALID_AUTH_CREDENTIALS");
    expect(await page.getByText("backorder-worker queues").count()).toBe(0);
    await context.close();
  });

  it("retries a failed supplier push from the board, which then delivers exactly once", async () => {
    requireChromium();
    await queue.add("push", { poId: "PO-0004" }, { jobId: JOB_ID, attempts: 1 });
    await waitFor(async () => ((await queue.getJobState(JOB_ID)) === "failed" ? true : undefined), 10_000, "the push to fail");
    expect(supplier.state.attempts).toEqual([{ poId: "PO-0004", status: 500 }]);
    supplier.state.healthy = true;

    const context = await browser.newContext({ httpCredentials: ADMIN });
    const page = await context.newPage();
    page.on("response", (r) => {
      if (new URL(r.url()).hostname !== "127.0.0.1") foreignResponses.push(r.url());
    });
    await page.goto(`${board.url}/admin/queues/`);
    await page.getByRole("link", { name: "po.push" }).first().click();
    await page.getByRole("link", { name: /^failed/i }).click();
    const jobLink = page.getByRole("link", { name: JOB_ID });
    await jobLink.waitFor();
    await expect(page.getByText("[SUPPLIER.HTTP_500] supplier answered 500").first().isVisible()).resolves.toBe(true);
    const card = page.locator("div").filter({ has: jobLink }).filter({ has: page.getByRole("button") }).last();
    await (await buttonWithTooltip(page, card, "Retry")).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm.getByText("Are you sure that you want to retry this job?").isVisible()).resolves.toBe(true);
    await confirm.getByRole("button", { name: "Confirm" }).click();

    await waitFor(async () => ((await queue.getJobState(JOB_ID)) === "completed" ? true : undefined), 15_000, "the retried push");
    await page.getByRole("link", { name: /^completed/i }).click();
    await page.getByRole("link", { name: JOB_ID }).waitFor();
    await page.screenshot({ path: "/tmp/bull-board-retry.png", fullPage: true });
    expect(supplier.delivered()).toEqual([{ poId: "PO-0004", status: 201 }]);
    expect(supplier.state.attempts).toHaveLength(2);
    expect(foreignResponses).toEqual([]);
    await context.close();
    await worker.close();
  });
});
