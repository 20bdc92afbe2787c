/**
 * Durable work on PostgreSQL through pg-boss 12, on a server (connection string) or in-process on PGlite.
 * A job carries a batch of ids — never one job per message, which tops out near a thousand jobs a second —
 * and pg-boss claims jobs with `FOR UPDATE SKIP LOCKED`, so any number of worker processes can share a queue.
 * A job whose handler throws is retried with back-off; one that was active when its worker died expires
 * and is retried too, which is why handlers must be idempotent.
 */
import type { Job, PGliteLike, PgBoss } from "pg-boss";

interface CommonConnection {
  /** pg-boss's own schema (default `pgboss`). */
  schema?: string;
  /** How often lost jobs (expired, or silent past their heartbeat) are looked for and retried (default 60 s). */
  lostJobCheckSeconds?: number;
}

export type QueueConnection =
  | (CommonConnection & { connectionString: string; maxConnections?: number })
  | (CommonConnection & {
      pglite: PGliteLike;
      /**
       * PGlite has one connection: when the store shares it, pass the store's lock so a pg-boss statement
       * never lands inside one of the store's transactions.
       */
      serialize?: <T>(run: () => Promise<T>) => Promise<T>;
    });

export interface BatchQueueOptions {
  /** Retries after a failed attempt (default 5). */
  retryLimit?: number;
  /** First retry delay; doubles with `retryBackoff` (default 10 s, backing off). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A claimed job not finished in this time is taken to be lost and retried (default 15 min). */
  expireInSeconds?: number;
  /**
   * Workers confirm a running job this often; one silent for this long (its worker was killed) is retried
   * without waiting for `expireInSeconds`. At least 10; default 30; 0 switches heartbeats off.
   */
  heartbeatSeconds?: number;
}

export interface BatchPayload<T> {
  ids: string[];
  data?: T;
}

export interface BatchJob<T> {
  jobId: string;
  ids: string[];
  data?: T;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the queue stops: finish or hand back the batch. */
  signal: AbortSignal;
}

export interface QueueDepth {
  queued: number;
  active: number;
  failed: number;
}

export interface JobQueue {
  readonly boss: PgBoss;
  /** The schema pg-boss keeps its tables in (the store checks which jobs still exist there). */
  readonly schema: string;
  createQueue(name: string, options?: BatchQueueOptions): Promise<void>;
  /** Splits ids into jobs of at most `batchSize` ids; returns the job ids. */
  sendBatches<T>(
    name: string,
    ids: readonly string[],
    options: { batchSize: number; data?: T; startAfterSeconds?: number },
  ): Promise<string[]>;
  /** Inserts one job per batch under the id given (the rows already name it); returns the ids inserted. */
  sendJobs<T>(
    name: string,
    jobs: readonly { id: string; ids: readonly string[]; data?: T }[],
  ): Promise<string[]>;
  /** Works jobs one batch at a time per slot; `concurrency` slots in this process. */
  work<T>(
    name: string,
    handler: (job: BatchJob<T>) => Promise<void>,
    options?: { concurrency?: number; pollingIntervalSeconds?: number },
  ): Promise<string>;
  depth(name: string): Promise<QueueDepth>;
  /** Stops fetching; waits up to `timeoutMs` for running handlers (graceful), then closes. */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

async function bossFor(connection: QueueConnection): Promise<PgBoss> {
  // Loaded when a queue starts, not with the module: a process without one (an import, most CLI commands)
  // does without pg-boss's code.
  const { fromPglite, PgBoss } = await import("pg-boss");
  // pg-boss looks for lost jobs in its monitor pass, which runs when both its intervals have passed.
  const every = connection.lostJobCheckSeconds;
  const supervise = every ? { superviseIntervalSeconds: every, monitorIntervalSeconds: every } : {};
  if ("connectionString" in connection) {
    return new PgBoss({
      ...supervise,
      connectionString: connection.connectionString,
      schema: connection.schema ?? "pgboss",
      max: connection.maxConnections ?? 4,
      application_name: "lekwijzer-queue",
      // Jobs inserted by one process wake the idle slots of every process at once (a NOTIFY sent with the
      // insert), not at their next poll: a campaign's first batches start on all workers together.
      useListenNotify: true,
    });
  }
  const adapter = fromPglite(connection.pglite);
  const serialize = connection.serialize;
  const db = serialize
    ? {
        ...adapter,
        executeSql: (text: string, values?: unknown[]) => serialize(() => adapter.executeSql(text, values)),
      }
    : adapter;
  return new PgBoss({ ...supervise, db, backend: "pglite", schema: connection.schema ?? "pgboss" });
}

/**
 * pg-boss's queue settings from ours, with their defaults; heartbeats off when `heartbeatSeconds` is 0. On
 * PostgreSQL inserting a job notifies the listening processes (PGlite has only this process to wake).
 */
function queueSettings(options: BatchQueueOptions, notify: boolean) {
  return {
    notify,
    retryLimit: options.retryLimit ?? 5,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: options.retryBackoff ?? true,
    expireInSeconds: options.expireInSeconds ?? 900,
    ...(options.heartbeatSeconds === 0 ? {} : { heartbeatSeconds: options.heartbeatSeconds ?? 30 }),
  };
}

/** Inserts jobs a thousand per statement, which keeps each round trip small; returns their ids. */
async function insertInSlices(
  boss: PgBoss,
  name: string,
  jobs: Parameters<PgBoss["insert"]>[1],
): Promise<string[]> {
  const created: string[] = [];
  for (let start = 0; start < jobs.length; start += 1000) {
    created.push(...((await boss.insert(name, jobs.slice(start, start + 1000), { returnId: true })) ?? []));
  }
  return created;
}

export async function startQueue(connection: QueueConnection): Promise<JobQueue> {
  const boss = await bossFor(connection);
  // pg-boss reports maintenance and worker errors as events; without a listener Node would throw them.
  boss.on("error", (error: Error) => {
    process.emitWarning(`queue: ${error.message}`, { code: "LEKWIJZER_QUEUE" });
  });
  await boss.start();
  // This process's slots per queue. A slot that found nothing waits out its polling interval (2 s), so jobs
  // this process sends wake its own idle slots at once: a campaign's first batches start when they are
  // enqueued, not up to an interval later. On PostgreSQL other processes' slots are woken by the insert's
  // notification; on PGlite there are none.
  const slots = new Map<string, string[]>();
  const wakeAfter = (name: string, sent: string[]): string[] => {
    if (sent.length > 0) for (const slot of slots.get(name) ?? []) boss.notifyWorker(slot);
    return sent;
  };
  return {
    boss,
    schema: connection.schema ?? "pgboss",
    async sendJobs(name, jobs) {
      return wakeAfter(
        name,
        await insertInSlices(
          boss,
          name,
          jobs.map((job) => ({
            id: job.id,
            data: { ids: [...job.ids], ...(job.data !== undefined ? { data: job.data } : {}) },
          })),
        ),
      );
    },
    async createQueue(name, options = {}) {
      const existing = await boss.getQueue(name);
      const settings = queueSettings(options, "connectionString" in connection);
      if (existing) await boss.updateQueue(name, settings);
      else await boss.createQueue(name, settings);
    },
    async sendBatches(name, ids, options) {
      if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
        throw new RangeError(`batchSize must be a whole number ≥ 1, got ${options.batchSize}`);
      }
      const jobs = [];
      for (let start = 0; start < ids.length; start += options.batchSize) {
        const payload: BatchPayload<unknown> = {
          ids: ids.slice(start, start + options.batchSize),
          ...(options.data !== undefined ? { data: options.data } : {}),
        };
        jobs.push({
          data: payload,
          ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        });
      }
      return wakeAfter(name, await insertInSlices(boss, name, jobs));
    },
    async work(name, handler, options = {}) {
      const ids = await workInSlots(boss, name, handler, options);
      slots.set(name, [...(slots.get(name) ?? []), ...ids]);
      return ids[0] as string;
    },
    async depth(name) {
      const queue = await boss.getQueue(name);
      return {
        queued: queue?.queuedCount ?? 0,
        active: queue?.activeCount ?? 0,
        failed: queue?.failedCount ?? 0,
      };
    },
    stop: (options = {}) =>
      boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000 }),
  };
}

/**
 * One pg-boss worker per slot, so each knows its own id: pg-boss waits out the polling interval after every
 * fetch, a fetch that found a job included, which left a slot idle for the rest of the interval after each
 * batch (half the time, with batches of about a second). A slot that worked a job wakes itself, fetching the
 * next at once; only a slot that found nothing waits.
 */
async function workInSlots<T>(
  boss: PgBoss,
  name: string,
  handler: (job: BatchJob<T>) => Promise<void>,
  options: { concurrency?: number; pollingIntervalSeconds?: number },
): Promise<string[]> {
  const ids: string[] = [];
  for (let slot = 0; slot < Math.max(1, options.concurrency ?? 1); slot++) {
    let self: string | undefined;
    self = await boss.work<BatchPayload<T>>(
      name,
      {
        batchSize: 1,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        // With notifications on, pg-boss would poll only every 30 s; a job that comes due by itself (a retry
        // after its delay) sends none, so the slots keep polling as often as without.
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      },
      async (jobs: Job<BatchPayload<T>>[]) => {
        try {
          for (const job of jobs) {
            await handler({
              jobId: job.id,
              ids: job.data.ids,
              ...(job.data.data !== undefined ? { data: job.data.data } : {}),
              retryCount: job.retryCount,
              signal: job.signal,
            });
          }
        } finally {
          if (self) boss.notifyWorker(self);
        }
      },
    );
    ids.push(self);
  }
  return ids;
}
