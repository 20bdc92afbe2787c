/**
 * Per channel, this worker's view of whether the provider works. A run of infrastructure failures on a
 * channel (relay down, gateway refusing us) opens its circuit: the worker stops offering that channel messages
 * for a while (5 s, doubling to 5 minutes), then lets one message probe. Rows wait in their job meanwhile,
 * using no attempt, so nobody moves to another channel because our relay is down, and the backlog is not
 * churned through the queue. A failing channel is reported in `delivery_health`, and its recovery too.
 */
import type { SendChannel } from "../core/index.ts";
import { deliveries, type Executor } from "../store/index.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { Receipt } from "./providers.ts";
import { sleep } from "./wait.ts";

export interface ChannelCircuit {
  failures: number;
  openUntil: number;
  delayMs: number;
  probing: boolean;
  /** Whether the failure was written to `delivery_health` (so the recovery is too). */
  reported: boolean;
}

/** What the circuits need of the sender's context. */
export interface CircuitContext {
  db: Executor;
  circuits?: Map<SendChannel, ChannelCircuit>;
  /** First back-off of an open circuit (default 5 s). */
  circuitDelayMs?: number;
  stopping?: AbortSignal;
  metrics?: DeliveryMetrics;
  log?: (level: "warn" | "info", event: Record<string, unknown>, message: string) => void;
}

/** Infrastructure failures in a row that open a channel's circuit. */
const CIRCUIT_THRESHOLD = 3;
const CIRCUIT_FIRST_DELAY_MS = 5_000;
const CIRCUIT_MAX_DELAY_MS = 5 * 60_000;

export function circuitOf(ctx: CircuitContext, channel: SendChannel): ChannelCircuit {
  if (!ctx.circuits) ctx.circuits = new Map();
  let circuit = ctx.circuits.get(channel);
  if (!circuit) {
    const delayMs = ctx.circuitDelayMs ?? CIRCUIT_FIRST_DELAY_MS;
    circuit = { failures: 0, openUntil: 0, delayMs, probing: false, reported: false };
    ctx.circuits.set(channel, circuit);
  }
  return circuit;
}

/**
 * Waits until the channel may be tried: at once when its circuit is closed; after the circuit's delay when
 * open (one message probes, the others wait for its answer). Returns false when the wait would pass
 * `deadline` or the worker stops: the caller then gives the row back.
 */
export async function awaitCircuit(
  ctx: CircuitContext,
  channel: SendChannel,
  deadline: number,
): Promise<boolean> {
  const circuit = circuitOf(ctx, channel);
  for (;;) {
    if (ctx.stopping?.aborted) return false;
    if (circuit.failures < CIRCUIT_THRESHOLD) return true;
    const now = Date.now();
    if (now >= circuit.openUntil && !circuit.probing) {
      circuit.probing = true;
      return true;
    }
    const wakeAt = Math.max(circuit.openUntil, now + 250);
    if (wakeAt > deadline) return false;
    await sleep(wakeAt - now, ctx.stopping);
  }
}

/** Learns from a provider's answer: an infrastructure failure counts towards opening, anything else closes. */
export async function noteProviderAnswer(
  ctx: CircuitContext,
  channel: SendChannel,
  receipt: Receipt,
): Promise<void> {
  const circuit = circuitOf(ctx, channel);
  circuit.probing = false;
  if (receipt.outcome === "deferred" && receipt.infrastructure) {
    ctx.metrics?.recordInfrastructureFailure(channel);
    circuit.failures += 1;
    // Opens, or after a failed probe opens again for twice as long; the failures of messages that were
    // already under way when it opened (lanes that shared one failed statement) are counted, not each a
    // doubling: one database deadlock had stopped a worker's e-mail for 20 s that way.
    if (circuit.failures >= CIRCUIT_THRESHOLD && Date.now() >= circuit.openUntil) {
      circuit.openUntil = Date.now() + circuit.delayMs;
      ctx.log?.(
        "warn",
        { channel, failures: circuit.failures, retryInMs: circuit.delayMs, reason: receipt.reason },
        "channel provider failing: backing off",
      );
      circuit.delayMs = Math.min(CIRCUIT_MAX_DELAY_MS, circuit.delayMs * 2);
      circuit.reported = true;
      await deliveries.reportChannelFailing(ctx.db, channel, receipt.reason);
    }
    return;
  }
  if (circuit.failures > 0 || circuit.reported) {
    const wasReported = circuit.reported;
    circuit.failures = 0;
    circuit.delayMs = ctx.circuitDelayMs ?? CIRCUIT_FIRST_DELAY_MS;
    circuit.reported = false;
    if (wasReported) {
      ctx.log?.("info", { channel }, "channel provider answers again");
      await deliveries.reportChannelHealthy(ctx.db, channel);
    }
  }
}
