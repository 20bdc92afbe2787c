/**
 * What a sender works with: the database and keyring, the providers per channel, the limits, and the state a
 * worker keeps across its batches (compiled setups, rate tokens, circuits). One object, built by the worker
 * (or a test) and handed to every batch.
 */
import type { SendChannel } from "../core/index.ts";
import type { CompiledMessageSetup } from "../messages/index.ts";
import type { Campaign, Executor, Keyring } from "../store/index.ts";
import type { ChannelCircuit } from "./circuit.ts";
import type { RetryPolicy } from "./lifecycle.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { EmailArtefact, LetterOutput, ProviderAdapter, SmsArtefact } from "./providers.ts";
import type { DomainSlot } from "./shared-domains.ts";
import type { ChannelRate } from "./shared-rate.ts";

/**
 * Per receiving domain group: the per-process limiter (`createDomainLimiter`) or the one shared by every
 * worker through the database (`createSharedDomainLimiter`, what `lekwijzer worker` uses).
 */
export interface DomainGate {
  tryAcquire(
    recipient: string,
  ): { ok: true; group: string } | { ok: false; group: string; retryAt: number } | Promise<DomainSlot>;
  release(
    group: string,
    outcome: "sent" | "deferred" | "rejected",
    retryAfterMs?: number,
  ): void | Promise<void>;
}

export interface SenderContext {
  db: Executor;
  keys: Keyring;
  /** The platform's public address, for the link to the person's plan in messages. */
  publicUrl?: string;
  /** Who is sending (host and process), recorded on claimed rows. */
  worker: string;
  email?: ProviderAdapter<EmailArtefact>;
  /** Envelope sender (MAIL FROM) for bounces; default the organisation's sender address. */
  bounceAddress?: string;
  sms?: ProviderAdapter<SmsArtefact>;
  letters?: LetterOutput;
  /** Per-channel limits held across all workers (PostgreSQL rate buckets); absent: unlimited. */
  rates?: Partial<Record<SendChannel, ChannelRate>>;
  /** Per receiving domain, adapting to deferrals; one per worker process. */
  domains?: DomainGate;
  metrics?: DeliveryMetrics;
  policy?: RetryPolicy;
  /** Messages in flight at once (per batch); keep it near the SMTP pool size. */
  concurrency?: number;
  /** The verification code printed in a message; the same for the same delivery (see codes). */
  verificationCode(seed: string): string;
  /** Keyed digest of a verification code, stored so the portal can tell a genuine message. */
  verificationDigest(code: string): string;
  /** Phones that replied STOP for this breach's updates (E.164). */
  smsOptedOut?(breachId: string, phone: string): Promise<boolean>;
  /** How often a worker renews its claims while it works a batch (keep it well under the lease). */
  claimRenewMs?: number;
  /** Rate tokens this worker holds, per channel (see shared-rate.ts). */
  reservoir?: Map<SendChannel, number>;
  /** Cache of compiled setups per campaign; shared across batches of one worker. */
  compiled?: Map<string, { campaign: Campaign; compiled: CompiledMessageSetup }>;
  /** Aborted when the worker stops: each connection finishes the message in hand, the rest is given back. */
  stopping?: AbortSignal;
  /** Per channel, this process's view of whether the provider works (see `ChannelCircuit`). */
  circuits?: Map<SendChannel, ChannelCircuit>;
  /** First back-off of an open circuit (default 5 s; doubles to 5 minutes). */
  circuitDelayMs?: number;
  /** How long a batch waits for an open circuit before giving its rows back (default 60 s). */
  circuitWaitMs?: number;
  /** Where the sender says what it cannot put in a delivery row (never personal data). */
  log?: (level: "warn" | "info", event: Record<string, unknown>, message: string) => void;
}
