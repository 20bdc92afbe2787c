/**
 * The metrics `GET /metrics` serves. Workers run in other processes, so a counter in this one would only
 * see its own sends: every gauge here reads the database when scraped (`collect()`), one GROUP BY each, and
 * any number of servers answer the same numbers. Labels are statuses, channels, domain groups and queue
 * states — bounded sets, never an address.
 */
import { Gauge, Registry } from "prom-client";
import { deliveryStats, type Executor } from "../store/index.ts";

export interface DatabaseMetricsOptions {
  db: Executor;
  /** pg-boss queue that carries delivery batches (default `deliveries`). */
  queue?: string;
  /** pg-boss schema (default `pgboss`). */
  queueSchema?: string;
  /** Window of the send-rate gauge in seconds (default 60). */
  rateWindowSeconds?: number;
}

export interface DatabaseMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** Prometheus text exposition format. */
  render(): Promise<string>;
}

export function createDatabaseMetrics(options: DatabaseMetricsOptions): DatabaseMetrics {
  const { db } = options;
  const queue = options.queue ?? "deliveries";
  const window = options.rateWindowSeconds ?? 60;
  const registry = new Registry();

  // One query answers three gauges: each scrape starts it once (`render` forgets the previous answer).
  let counts: ReturnType<typeof deliveryStats.deliveryCounts> | undefined;
  const deliveryCounts = () => {
    counts ??= deliveryStats.deliveryCounts(db, window);
    return counts;
  };

  registerDeliveryGauges(registry, window, deliveryCounts);
  registerTableGauges(registry, db, queue, options.queueSchema);

  return {
    registry,
    contentType: registry.contentType,
    render: () => {
      counts = undefined;
      return registry.metrics();
    },
  };
}

type DeliveryCounts = Awaited<ReturnType<typeof deliveryStats.deliveryCounts>>;

/** The three gauges one deliveries query answers: by status and channel, the send rate, the failures. */
function registerDeliveryGauges(
  registry: Registry,
  window: number,
  deliveryCounts: () => Promise<DeliveryCounts>,
): void {
  new Gauge({
    name: "lekwijzer_deliveries",
    help: "Deliveries (one victim in one campaign) by status and the channel they are on now.",
    labelNames: ["status", "channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deliveryCounts())
        this.set({ status: row.status, channel: row.channel }, row.count);
    },
  });
  new Gauge({
    name: "lekwijzer_delivery_send_rate",
    help: `Messages sent per second over the last ${window} seconds, by channel.`,
    labelNames: ["channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const perChannel = new Map<string, number>();
      for (const row of await deliveryCounts())
        perChannel.set(row.channel, (perChannel.get(row.channel) ?? 0) + row.sentInWindow);
      for (const [channel, sent] of perChannel) this.set({ channel }, sent / window);
    },
  });
  new Gauge({
    name: "lekwijzer_delivery_failures",
    help: "Deliveries that failed or bounced on the channel they are on now.",
    labelNames: ["channel", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deliveryCounts())
        if (row.status === "failed" || row.status === "bounced")
          this.set({ channel: row.channel, status: row.status }, row.count);
    },
  });
}

/** The gauges read from other tables: deferrals per domain group, campaigns by status, queue jobs by state. */
function registerTableGauges(registry: Registry, db: Executor, queue: string, queueSchema?: string): void {
  new Gauge({
    name: "lekwijzer_delivery_deferrals",
    help: "Deferrals (SMTP 421 / 4.7.x) by receiving domain group, over all campaigns.",
    labelNames: ["domain"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deliveryStats.deferralsByDomain(db))
        this.set({ domain: row.domain }, row.count);
    },
  });
  new Gauge({
    name: "lekwijzer_campaigns",
    help: "Campaigns by status (running ones are being sent).",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deliveryStats.campaignsByStatus(db))
        this.set({ status: row.status }, row.count);
    },
  });
  new Gauge({
    name: "lekwijzer_queue_jobs",
    help: "Jobs (batches of deliveries) in the pg-boss queue by state.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deliveryStats.queueJobs(db, queue, queueSchema);
      for (const row of rows) this.set({ queue, state: row.state }, row.count);
    },
  });
}
