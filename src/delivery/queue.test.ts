import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, type QueueConnection, startQueue } from "./queue.ts";
import { adminQuery, engines, uniqueSchema } from "./test-support.ts";

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(engines())("batch queue on %s", (engine) => {
  let queue: JobQueue;
  let pglite: PGlite | undefined;
  let schema: string;
  let stopped = false;
  let serialized = 0;

  beforeAll(async () => {
    schema = uniqueSchema("lw_queue");
    let connection: QueueConnection;
    if (engine === "pglite") {
      pglite = new PGlite();
      // The store's lock goes here when it shares the PGlite instance; this one counts that it is used.
      connection = {
        pglite,
        schema,
        serialize: (run) => {
          serialized += 1;
          return run();
        },
      };
    } else {
      connection = { connectionString: process.env.TEST_DATABASE_URL ?? "", schema };
    }
    queue = await startQueue(connection);
  });

  afterAll(async () => {
    if (!stopped) await queue.stop({ graceful: true, timeoutMs: 5000 });
    await pglite?.close();
    if (engine === "postgres") await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it("carries ids in batches and works every id exactly once", async () => {
    await queue.createQueue("send-once", { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false });
    const ids = Array.from({ length: 230 }, (_, i) => `victim-${i}`);
    const jobIds = await queue.sendBatches("send-once", ids, { batchSize: 50, data: { campaign: "c1" } });
    expect(jobIds).toHaveLength(5);
    const seen: string[] = [];
    const campaigns = new Set<unknown>();
    await queue.work<{ campaign: string }>(
      "send-once",
      async (job) => {
        expect(job.ids.length).toBeLessThanOrEqual(50);
        campaigns.add(job.data?.campaign);
        seen.push(...job.ids);
      },
      { concurrency: 2, pollingIntervalSeconds: 0.5 },
    );
    await until(() => seen.length >= ids.length);
    await until(async () => {
      const depth = await queue.depth("send-once");
      return depth.queued === 0 && depth.active === 0;
    });
    // Another polling round must not bring anything twice.
    await new Promise((r) => setTimeout(r, 1200));
    expect(seen.sort()).toEqual([...ids].sort());
    expect(campaigns).toEqual(new Set(["c1"]));
    if (engine === "pglite") expect(serialized).toBeGreaterThan(0);
  });

  it("retries a batch whose handler throws", async () => {
    await queue.createQueue("flaky", { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false });
    await queue.sendBatches("flaky", ["a", "b"], { batchSize: 10 });
    const attempts: number[] = [];
    await queue.work(
      "flaky",
      async (job) => {
        attempts.push(job.retryCount);
        if (job.retryCount === 0) throw new Error("relay went away");
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await until(() => attempts.length >= 2);
    await until(async () => (await queue.depth("flaky")).active === 0);
    expect(attempts).toEqual([0, 1]);
    expect((await queue.depth("flaky")).failed).toBe(0);
  });

  it("takes the next batch as soon as a slot finishes one, waiting out the polling interval only when idle", async () => {
    await queue.createQueue("back-to-back");
    const ids = Array.from({ length: 8 }, (_, i) => `row-${i}`);
    await queue.sendBatches("back-to-back", ids, { batchSize: 1 });
    const seen: string[] = [];
    const started = performance.now();
    await queue.work(
      "back-to-back",
      async (job) => {
        seen.push(...job.ids);
      },
      // Waiting out the interval after each batch would take 4 × 3 s on two slots.
      { concurrency: 2, pollingIntervalSeconds: 3 },
    );
    await until(() => seen.length >= ids.length);
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("wakes this process's idle slots when it sends jobs, instead of leaving them to the polling interval", async () => {
    await queue.createQueue("wake");
    const seen: string[] = [];
    await queue.work("wake", async (job) => void seen.push(...job.ids), {
      concurrency: 2,
      pollingIntervalSeconds: 30,
    });
    // Both slots have looked once, found nothing, and now wait out their 30 s.
    await new Promise((r) => setTimeout(r, 1_000));
    const started = performance.now();
    await queue.sendJobs("wake", [{ id: crypto.randomUUID(), ids: ["a", "b"] }]);
    await until(() => seen.length === 2, 10_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("refuses a batch size that is not a whole number ≥ 1", async () => {
    await expect(queue.sendBatches("send-once", ["x"], { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });

  // Last: it stops the queue the other tests share.
  it("lets a running batch finish before the queue stops", async () => {
    await queue.createQueue("slow");
    await queue.sendBatches("slow", ["x"], { batchSize: 1 });
    let started = false;
    let finished = false;
    await queue.work(
      "slow",
      async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 500));
        finished = true;
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await until(() => started);
    await queue.stop({ graceful: true, timeoutMs: 5000 });
    stopped = true;
    expect(finished).toBe(true);
  });
});
