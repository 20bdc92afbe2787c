/**
 * What an operator watches while a campaign runs, in Prometheus' text format: queue depth, messages sent,
 * deferred and failed per channel and per receiving domain group (the big providers by name, the rest as `other`), and the send rate. A registry of its own
 * (not prom-client's global one), so tests and several servers in one process do not share counters.
 * Labels carry channel names and domain groups only — never an address or a number.
 */

import { Counter, Gauge, Registry } from "prom-client";
import type { SendChannel } from "../core/index.ts";
import type { Receipt } from "./providers.ts";
import { DOMAIN_GROUPS, domainGroup } from "./rate.ts";

export interface DeliveryMetrics {
  readonly registry: Registry;
  /** Counts one provider answer; `recipient` is only used to find the domain group of an e-mail. */
  recordReceipt(channel: SendChannel, receipt: Receipt, recipient?: string): void;
  recordBounce(channel: SendChannel, recipient?: string): void;
  /** A provider failure that was ours, not the recipient's (see `DeferredReceipt.infrastructure`). */
  recordInfrastructureFailure(channel: SendChannel): void;
  /** A claim-guarded write that found the claim gone (another worker took the row over). */
  recordLostClaim(): void;
  setQueueDepth(queue: string, depth: { queued: number; active: number }): void;
  /** The text exposition format, for `GET /metrics`. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Window of the send-rate gauge (default 60 s). */
  rateWindowMs?: number;
  now?: () => number;
}

// Only the known provider groups get a label of their own: one label per domain of millions of recipients
// would make the series count unbounded.
function domainLabel(channel: SendChannel, recipient?: string): string {
  if (channel !== "email" || !recipient) return "-";
  const group = domainGroup(recipient);
  return Object.hasOwn(DOMAIN_GROUPS, group) ? group : "other";
}

/**
 * The send-rate gauge: sends per channel in the last window, kept as a ring of one-second slots so memory
 * stays constant. `count` notes one message sent.
 */
function sendRateGauge(registry: Registry, now: () => number, windowMs: number) {
  const slots = new Map<SendChannel, Map<number, number>>();
  new Gauge({
    name: "lekwijzer_delivery_send_rate",
    help: "Messages sent per second, averaged over the rate window.",
    labelNames: ["channel"] as const,
    registers: [registry],
    collect() {
      const horizon = Math.floor((now() - windowMs) / 1000);
      for (const [channel, perSecond] of slots) {
        let total = 0;
        for (const [second, count] of perSecond) {
          if (second <= horizon) perSecond.delete(second);
          else total += count;
        }
        this.set({ channel }, total / (windowMs / 1000));
      }
    },
  });
  return {
    count(channel: SendChannel): void {
      const second = Math.floor(now() / 1000);
      const perSecond = slots.get(channel) ?? new Map<number, number>();
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      slots.set(channel, perSecond);
      // Pruned on scrape; also here, so a process nobody scrapes does not collect a slot per second forever.
      if (perSecond.size > (2 * windowMs) / 1000 + 2) {
        for (const old of perSecond.keys()) if (old <= second - windowMs / 1000) perSecond.delete(old);
      }
    },
  };
}

export function createDeliveryMetrics(options: MetricsOptions = {}): DeliveryMetrics {
  const registry = new Registry();
  const now = options.now ?? Date.now;
  const windowMs = options.rateWindowMs ?? 60_000;
  const outcomes = new Counter({
    name: "lekwijzer_delivery_messages_total",
    help: "Provider answers by channel, outcome (sent, deferred, rejected, bounced) and receiving domain group.",
    labelNames: ["channel", "outcome", "domain"] as const,
    registers: [registry],
  });
  const infrastructure = new Counter({
    name: "lekwijzer_delivery_infrastructure_failures_total",
    help: "Provider failures that were ours or the provider's (no connection, refused log-in, gateway error), by channel",
    labelNames: ["channel"],
    registers: [registry],
  });
  const lostClaims = new Counter({
    name: "lekwijzer_delivery_lost_claims_total",
    help: "Writes of this worker that found its claim on the row gone (it was too slow; another worker took over)",
    registers: [registry],
  });
  const depth = new Gauge({
    name: "lekwijzer_queue_jobs",
    help: "Jobs in a delivery queue by state (queued includes jobs waiting for a retry).",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
  });
  const sent = sendRateGauge(registry, now, windowMs);

  return {
    registry,
    contentType: registry.contentType,
    recordInfrastructureFailure(channel) {
      infrastructure.inc({ channel });
    },
    recordLostClaim() {
      lostClaims.inc();
    },
    recordReceipt(channel, receipt, recipient) {
      outcomes.inc({ channel, outcome: receipt.outcome, domain: domainLabel(channel, recipient) });
      if (receipt.outcome === "sent") sent.count(channel);
    },
    recordBounce(channel, recipient) {
      outcomes.inc({ channel, outcome: "bounced", domain: domainLabel(channel, recipient) });
    },
    setQueueDepth(queue, { queued, active }) {
      depth.set({ queue, state: "queued" }, queued);
      depth.set({ queue, state: "active" }, active);
    },
    render: () => registry.metrics(),
  };
}
