import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { startQueue } from "./queue.ts";
import { adminQuery, uniqueSchema } from "./test-support.ts";

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)("queue on PostgreSQL across processes", () => {
  const schema = uniqueSchema("lw_crash");
  afterAll(() => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));

  it("a batch held by a worker killed with SIGKILL is retried by another worker; nothing is lost", async () => {
    const queue = await startQueue({ connectionString: url ?? "", schema, lostJobCheckSeconds: 1 });
    try {
      await queue.createQueue("crash", {
        expireInSeconds: 3,
        heartbeatSeconds: 0,
        retryDelaySeconds: 0,
        retryBackoff: false,
      });
      const ids = Array.from({ length: 40 }, (_, i) => `v${i}`);
      const child = spawn(
        process.execPath,
        [new URL("./queue-crash.fixture.ts", import.meta.url).pathname, url ?? "", schema, "crash"],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      expect(JSON.parse(String((await lines.next()).value))).toEqual({ ready: true });
      await queue.sendBatches("crash", ids, { batchSize: 10 });
      const held = JSON.parse(String((await lines.next()).value)) as { jobId: string; ids: string[] };
      expect(held.ids).toHaveLength(10);
      child.kill("SIGKILL");
      await once(child, "exit");

      const seen: string[] = [];
      const retried: string[] = [];
      await queue.work(
        "crash",
        async (job) => {
          seen.push(...job.ids);
          if (job.retryCount > 0) retried.push(job.jobId);
        },
        { pollingIntervalSeconds: 0.5 },
      );
      const end = Date.now() + 25_000;
      while (seen.length < ids.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(seen.sort()).toEqual([...ids].sort());
      expect(retried).toEqual([held.jobId]);
    } finally {
      await queue.stop({ graceful: false, timeoutMs: 1000 });
    }
  }, 60_000);

  it("two queue instances (as two worker processes would) share the batches, each id exactly once", async () => {
    const a = await startQueue({ connectionString: url ?? "", schema });
    const b = await startQueue({ connectionString: url ?? "", schema });
    try {
      await a.createQueue("shared");
      const ids = Array.from({ length: 600 }, (_, i) => `s${i}`);
      await a.sendBatches("shared", ids, { batchSize: 20 });
      const seen = { a: [] as string[], b: [] as string[] };
      const slow = () => new Promise((r) => setTimeout(r, 20));
      await a.work(
        "shared",
        async (job) => {
          seen.a.push(...job.ids);
          await slow();
        },
        { concurrency: 2, pollingIntervalSeconds: 0.5 },
      );
      await b.work(
        "shared",
        async (job) => {
          seen.b.push(...job.ids);
          await slow();
        },
        { concurrency: 2, pollingIntervalSeconds: 0.5 },
      );
      const end = Date.now() + 25_000;
      while (seen.a.length + seen.b.length < ids.length && Date.now() < end)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1000));
      expect([...seen.a, ...seen.b].sort()).toEqual([...ids].sort());
      expect(seen.a.length).toBeGreaterThan(0);
      expect(seen.b.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.stop({ timeoutMs: 2000 }), b.stop({ timeoutMs: 2000 })]);
    }
  }, 60_000);

  it("jobs one process sends wake another process's idle slots at once, not at their next poll", async () => {
    const sender = await startQueue({ connectionString: url ?? "", schema });
    const worker = await startQueue({ connectionString: url ?? "", schema });
    try {
      await sender.createQueue("wake");
      const started: number[] = [];
      // The worker polls every 20 s: only a notification can bring it the job sooner.
      await worker.work(
        "wake",
        async () => {
          started.push(Date.now());
        },
        { pollingIntervalSeconds: 20 },
      );
      // Its first, empty fetch is over before the job is sent.
      await new Promise((r) => setTimeout(r, 1500));
      const sentAt = Date.now();
      await sender.sendBatches("wake", ["w1"], { batchSize: 1 });
      const end = Date.now() + 10_000;
      while (started.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(started).toHaveLength(1);
      expect((started[0] ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThan(2_000);
    } finally {
      await Promise.all([sender.stop({ timeoutMs: 2000 }), worker.stop({ timeoutMs: 2000 })]);
    }
  }, 30_000);
});
