/**
 * Sends one batch of a campaign's deliveries: claim them, open the victims' sealed contact data, compose each
 * person's message from their own plan, render it for the current channel, pass the rate limits, hand it to
 * the provider, and record what happened — one row at a time, as it happens, so a crash loses at most the
 * messages that were on the wire (they are sent again with the same Message-ID).
 */
import { randomUUID } from "node:crypto";
import { type Channel, maskPersonalData, type SendChannel } from "../core/index.ts";
import {
  type CompiledMessageSetup,
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  emailRenderer,
  type MessageSetup,
  messageIdOf,
  planForRecipient,
  type Recipient,
  smsRenderer,
} from "../messages/index.ts";
import {
  type Campaign,
  type ClaimedDelivery,
  campaigns,
  type DeliveryPatch,
  deliveries,
  type Executor,
  type Keyring,
  rateBuckets,
  type Victim,
  victims,
} from "../store/index.ts";
import { campaignSetup } from "./campaigns.ts";
import { deliveryIdentifiers, recipientHash } from "./identifiers.ts";
import {
  applyDeliveryEvent,
  DEFAULT_RETRY_POLICY,
  type DeliveryRecord,
  type RetryPolicy,
  usableChannels,
} from "./lifecycle.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { EmailArtefact, ProviderAdapter, Receipt, SmsArtefact } from "./receipt.ts";
import type { DomainSlot } from "./shared-domains.ts";

/**
 * Where letters go: print batches handed to a print provider (see letters.ts). A batch is named before it is
 * written and the name is recorded on its rows, so a crash between writing and recording never prints twice.
 */
export interface LetterOutput {
  /** A new, unique batch name. */
  newBatch(): string;
  /** Whether a batch of that name is complete where the provider collects (its manifest is there). */
  isComplete(batch: string): boolean;
  /** Removes what an interrupted batch of that name left behind; never touches a complete batch. */
  discard(batch: string): void;
  /** Renders and hands over the letters as batch `batch`; returns a receipt per message, in order. */
  send(batch: string, items: readonly { deliveryId: number; message: ComposedMessage }[]): Promise<Receipt[]>;
}

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

export interface ChannelRate {
  /** Messages per second across all workers together. */
  perSecond: number;
  burst: number;
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
  /** Rate tokens this worker holds, per channel (see passSharedRate). */
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

/**
 * A run of infrastructure failures on a channel (relay down, gateway refusing us) opens its circuit: the
 * worker stops offering that channel messages for a while (5 s, doubling to 5 minutes), then lets one message
 * probe. Rows wait in their job meanwhile, using no attempt, so nobody moves to another channel because our
 * relay is down, and the backlog is not churned through the queue.
 */
export interface ChannelCircuit {
  failures: number;
  openUntil: number;
  delayMs: number;
  probing: boolean;
  /** Whether the failure was written to `delivery_health` (so the recovery is too). */
  reported: boolean;
}

export interface BatchReport {
  claimed: number;
  sent: number;
  deferred: number;
  fellBack: number;
  /** Ended: every channel failed, none existed, or the contact data is gone. */
  unreachable: number;
  /** Given back unsent (pause, cancel, stop, provider down): no attempt used. */
  released: number;
  /** Writes that found this worker's claim gone; logged and counted, never silent. */
  lostClaims: number;
}

const CHANNEL_ORDER: readonly SendChannel[] = ["email", "sms", "letter"];
/** Waits for a receiving domain's slot up to this long in the worker; longer ones go back to the queue. */
const DOMAIN_WAIT_MS = 5_000;
/** Infrastructure failures in a row that open a channel's circuit. */
const CIRCUIT_THRESHOLD = 3;
const CIRCUIT_FIRST_DELAY_MS = 5_000;
const CIRCUIT_MAX_DELAY_MS = 5 * 60_000;
/** A batch waits this long at most for a channel's circuit, then gives its rows back (due when it may close). */
const CIRCUIT_WAIT_MS = 60_000;

function recipientOf(victim: Victim): Recipient {
  return {
    id: victim.externalId,
    ...(victim.name ? { name: victim.name } : {}),
    ...(victim.email ? { email: victim.email } : {}),
    ...(victim.phone ? { phone: victim.phone } : {}),
    ...(victim.address ? { address: victim.address } : {}),
    language: victim.language,
    categories: victim.categories,
    flags: victim.flags,
    ...(victim.segment ? { segment: victim.segment } : {}),
  };
}

/** The channels this person can be reached by, in the order their plan prefers. */
function reachableChannels(
  plan: readonly string[],
  recipient: Recipient,
  optedOut: boolean,
  available: ReadonlySet<SendChannel>,
): SendChannel[] {
  const preferred = plan.filter((c): c is SendChannel => (CHANNEL_ORDER as readonly string[]).includes(c));
  // The plan's order comes first; channels it does not name follow, so a person we can reach only by a
  // channel the plan ranks low (a phone number, no address) is still reached rather than skipped.
  const order = [...preferred, ...CHANNEL_ORDER.filter((c) => !preferred.includes(c))];
  const representative = recipient.representative;
  return usableChannels(order, {
    email: available.has("email") && Boolean(recipient.email || representative?.email),
    sms: available.has("sms") && Boolean(recipient.phone?.startsWith("+")),
    letter: available.has("letter") && Boolean(recipient.address || representative?.address),
    smsOptedOut: optedOut,
  });
}

function recordOf(claimed: ClaimedDelivery, channels: readonly SendChannel[]): DeliveryRecord {
  return {
    state: "sending",
    channels,
    channelIndex: claimed.channelIndex,
    attempts: claimed.attempts,
    history: claimed.history as DeliveryRecord["history"],
  };
}

function patchOf(record: DeliveryRecord, extra: Partial<DeliveryPatch> = {}): DeliveryPatch {
  const status = record.state === "sending" ? "queued" : record.state;
  return {
    status,
    channels: [...record.channels],
    channelIndex: record.channelIndex,
    attempts: record.attempts,
    notBefore: new Date(record.notBefore ?? Date.now()),
    providerId: record.providerId ?? null,
    lastError: record.lastError ?? null,
    history: [...record.history],
    ...extra,
  };
}

/**
 * The campaign's compiled setup, cached per worker. The campaign row is read again for every batch (one
 * lookup per batch): a voided or renewed approval (a profile or breach change) compiles again, so a worker
 * never keeps sending what was approved before.
 */
async function compiledFor(ctx: SenderContext, campaignId: string) {
  if (!ctx.compiled) ctx.compiled = new Map();
  const cache = ctx.compiled;
  const campaign = await campaigns.getAcrossOrganisations(ctx.db, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  const hit = cache.get(campaignId);
  if (hit && JSON.stringify(hit.campaign.approval) === JSON.stringify(campaign.approval)) return hit;
  const setup: MessageSetup = await campaignSetup(ctx, campaign);
  const entry = { campaign, compiled: compileMessageSetup(setup) };
  if (cache.size > 50) cache.clear();
  cache.set(campaignId, entry);
  return entry;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** Tokens taken from a shared bucket at once: fewer round trips on one hot row, still held across workers. */
const TOKENS_PER_TAKE = 10;

/**
 * Waits for a token of the channel's shared bucket (across all workers). Tokens are taken in small handfuls
 * into this worker's reservoir, so the bucket's row is updated once per handful rather than once per message.
 */
async function passSharedRate(ctx: SenderContext, channel: SendChannel): Promise<void> {
  const rate = ctx.rates?.[channel];
  if (!rate) return;
  if (!ctx.reservoir) ctx.reservoir = new Map();
  for (;;) {
    const held = ctx.reservoir.get(channel) ?? 0;
    if (held > 0) {
      ctx.reservoir.set(channel, held - 1);
      return;
    }
    const taken = await rateBuckets.take(ctx.db, {
      key: `channel:${channel}`,
      ratePerSecond: rate.perSecond,
      burst: rate.burst,
      wanted: Math.max(1, Math.min(TOKENS_PER_TAKE, Math.floor(rate.burst))),
    });
    if (taken.granted > 0) {
      ctx.reservoir.set(channel, (ctx.reservoir.get(channel) ?? 0) + taken.granted);
      continue;
    }
    await sleep(Math.max(5, Math.min(1_000, taken.waitMs)));
  }
}

function circuitOf(ctx: SenderContext, channel: SendChannel): ChannelCircuit {
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
async function awaitCircuit(ctx: SenderContext, channel: SendChannel, deadline: number): Promise<boolean> {
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

async function noteProviderAnswer(ctx: SenderContext, channel: SendChannel, receipt: Receipt): Promise<void> {
  const circuit = circuitOf(ctx, channel);
  circuit.probing = false;
  if (receipt.outcome === "deferred" && receipt.infrastructure) {
    ctx.metrics?.recordInfrastructureFailure(channel);
    circuit.failures += 1;
    if (circuit.failures >= CIRCUIT_THRESHOLD) {
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

interface Prepared {
  claimed: ClaimedDelivery;
  record: DeliveryRecord;
  channel: SendChannel;
  message: ComposedMessage;
  code: string;
  /** The address or number it goes to (e-mail and SMS). */
  to: string;
  messageId: string | null;
  reference: string;
  digest: string;
}

/**
 * Claims and sends a batch; `ids` are a queue job's deliveries (absent: any due ones, up to `limit`). With
 * `jobId`, the job is finished when the batch is: rows it did not send leave it, to be enqueued again.
 */
export async function sendBatch(
  ctx: SenderContext,
  campaignId: string,
  options: { ids?: readonly number[]; limit?: number; jobId?: string } = {},
): Promise<BatchReport> {
  const report: BatchReport = {
    claimed: 0,
    sent: 0,
    deferred: 0,
    fellBack: 0,
    unreachable: 0,
    released: 0,
    lostClaims: 0,
  };
  const claimed = await deliveries.claim(
    ctx.db,
    campaignId,
    ctx.worker,
    options.ids?.length ?? options.limit ?? 200,
    options.ids,
  );
  report.claimed = claimed.length;
  // Rows this batch holds and has not recorded yet: given back at once if the batch ends early.
  const inHand = new Set(claimed.map((row) => row.id));
  // While this batch is worked, keep its claims fresh: only a dead worker's claims go stale.
  const renew = setInterval(() => {
    deliveries.renewClaims(ctx.db, ctx.worker).catch((error: Error) => {
      ctx.log?.("warn", { error: error.message }, "claims not renewed");
    });
  }, ctx.claimRenewMs ?? 10_000);
  renew.unref();
  try {
    if (claimed.length > 0) await workBatch(ctx, campaignId, claimed, report, inHand);
  } finally {
    clearInterval(renew);
    if (inHand.size > 0) {
      // Stopped early (a stop, or an error): hand the rest back now rather than after the lease.
      report.released += await deliveries.release(ctx.db, ctx.worker, [...inHand]).catch(() => 0);
    }
  }
  if (options.jobId) await deliveries.finishJobs(ctx.db, [options.jobId]);
  return report;
}

async function workBatch(
  ctx: SenderContext,
  campaignId: string,
  claimed: ClaimedDelivery[],
  report: BatchReport,
  inHand: Set<number>,
): Promise<void> {
  const { campaign, compiled } = await compiledFor(ctx, campaignId);
  const opened = await victims.getMany(
    ctx.db,
    ctx.keys,
    claimed.map((c) => c.victimId),
  );
  const byId = new Map(opened.map((v) => [v.id, v]));
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  // Only channels this installation can send by: a person is never queued for a channel with no provider.
  const available = new Set<SendChannel>([
    ...(ctx.email ? (["email"] as const) : []),
    ...(ctx.sms ? (["sms"] as const) : []),
    ...(ctx.letters ? (["letter"] as const) : []),
  ]);
  let campaignRunning = true;

  const lost = (id: number) => {
    report.lostClaims++;
    ctx.metrics?.recordLostClaim();
    ctx.log?.("warn", { delivery: id, campaign: campaignId }, "claim lost before the outcome was recorded");
  };

  /** Records an outcome for a row this worker holds; learns the campaign's status from the same write. */
  const write = async (id: number, patch: DeliveryPatch) => {
    const result = await deliveries.recordOutcome(ctx.db, id, patch, ctx.worker);
    inHand.delete(id);
    if (!result.recorded) lost(id);
    else if (result.campaignStatus !== "running") campaignRunning = false;
  };

  const finish = async (item: Prepared, receipt: Receipt, extra: Partial<DeliveryPatch> = {}) => {
    const result = applyDeliveryEvent(
      item.record,
      { type: "receipt", receipt, now: Date.now(), random: Math.random() },
      policy,
    );
    if (!result.ok) throw new Error(result.error);
    const next = result.delivery;
    if (receipt.outcome === "sent") report.sent++;
    else if (result.effect.kind === "retry") report.deferred++;
    else if (result.effect.kind === "fallback") report.fellBack++;
    else report.unreachable++;
    await write(
      item.claimed.id,
      patchOf(next, {
        ...(receipt.outcome === "sent" ? { sentAt: new Date() } : {}),
        ...extra,
      }),
    );
  };

  const unreachable = async (row: ClaimedDelivery, reason: string) => {
    report.unreachable++;
    await write(row.id, { status: "unreachable", lastError: reason, attempts: row.attempts });
  };

  const giveBack = async (items: readonly Prepared[], notBefore?: Date) => {
    const ids = items.map((item) => item.claimed.id).filter((id) => inHand.has(id));
    if (ids.length === 0) return;
    for (const id of ids) inHand.delete(id);
    report.released += await deliveries.release(ctx.db, ctx.worker, ids, notBefore);
  };

  const letterBatch: Prepared[] = [];
  const prepared: Prepared[] = [];
  for (const row of claimed) {
    const victim = byId.get(row.victimId);
    if (!victim || victim.contactPurged) {
      await unreachable(row, "the victim's contact data is no longer kept");
      continue;
    }
    const recipient = recipientOf(victim);
    const plan = planForRecipient(compiled.setup.breach, recipient);
    let channels = row.channels as SendChannel[];
    if (channels.length === 0) {
      const optedOut =
        recipient.phone && ctx.smsOptedOut && campaign.kind === "update"
          ? await ctx.smsOptedOut(campaign.breachId, recipient.phone)
          : false;
      channels = reachableChannels(plan.channels, recipient, optedOut, available);
      if (channels.length === 0) {
        await unreachable(row, "no usable channel for this person");
        continue;
      }
    }
    const claimedRecord = applyDeliveryEvent(
      { ...recordOf(row, channels), state: "queued" },
      { type: "claim", now: Date.now() },
      policy,
    );
    if (!claimedRecord.ok) {
      await unreachable(row, claimedRecord.error);
      continue;
    }
    const record = claimedRecord.delivery;
    const channel = channels[record.channelIndex] as SendChannel;
    const code = ctx.verificationCode(`${campaign.id}:${row.victimId}`);
    const ids = deliveryIdentifiers(ctx.keys, campaign.id, row.victimId);
    const message = composeMessage(compiled, {
      recipient,
      plan,
      kind: campaign.kind,
      verificationCode: code,
      messageKey: ids.messageKey,
      reference: ids.reference,
    });
    const representative = message.addressee.role === "representative" ? recipient.representative : undefined;
    const to =
      channel === "email"
        ? (representative?.email ?? recipient.email ?? "")
        : channel === "sms"
          ? (recipient.phone ?? "")
          : "";
    const item: Prepared = {
      claimed: row,
      record,
      channel,
      message,
      code,
      to,
      messageId: channel === "email" ? messageIdOf(message) : null,
      reference: ids.reference,
      digest: ctx.verificationDigest(code),
    };
    if (channel === "letter") letterBatch.push(item);
    else prepared.push(item);
  }

  // Identifiers first, in one statement: a report that overtakes its own send finds the row.
  const all = [...prepared, ...letterBatch];
  const held = await deliveries.prepare(
    ctx.db,
    ctx.worker,
    all.map((item) => ({
      id: item.claimed.id,
      channel: item.channel,
      channels: item.record.channels,
      messageId: item.messageId,
      reference: item.reference,
      recipientHash: recipientHash(ctx.keys, item.channel, item.to),
      verificationDigest: item.digest,
    })),
  );
  for (const item of all) {
    if (!held.has(item.claimed.id)) {
      inHand.delete(item.claimed.id);
      lost(item.claimed.id);
    }
  }
  const keep = (item: Prepared) => held.has(item.claimed.id);
  const lanes = prepared.filter(keep);
  const letters = letterBatch.filter(keep);
  const deadline = Date.now() + (ctx.circuitWaitMs ?? CIRCUIT_WAIT_MS);

  /** Hands one message to its provider; the outcome is recorded whatever happens in between. */
  const sendOne = async (item: Prepared): Promise<void> => {
    const { channel, message } = item;
    if (!(await awaitCircuit(ctx, channel, deadline))) {
      const circuit = circuitOf(ctx, channel);
      return giveBack([item], new Date(Math.max(Date.now(), circuit.openUntil)));
    }
    let receipt: Receipt | undefined;
    let group: string | undefined;
    const domains = channel === "email" ? ctx.domains : undefined;
    try {
      if (channel === "email") {
        if (!ctx.email) throw new InfrastructureError("no e-mail relay is configured");
        const rendered = renderOrReject(() => emailRenderer.render(message));
        if ("outcome" in rendered) return await finish(item, rendered);
        if (domains) {
          let slot = await domains.tryAcquire(item.to);
          // A short wait (the domain's concurrency or rate) is waited out here; a long one (a back-off after
          // deferrals) puts the row back in the queue without using an attempt, so others go on meanwhile.
          while (!slot.ok && slot.retryAt - Date.now() <= DOMAIN_WAIT_MS) {
            await sleep(Math.max(5, slot.retryAt - Date.now()));
            slot = await domains.tryAcquire(item.to);
          }
          if (!slot.ok) return await giveBack([item], new Date(slot.retryAt));
          group = slot.group;
        }
        await passSharedRate(ctx, "email");
        receipt = await ctx.email.send({
          raw: rendered.eml,
          envelope: { from: ctx.bounceAddress ?? message.organisation.senderEmail, to: item.to },
          messageId: rendered.messageId,
        });
        if (receipt.outcome === "deferred" && !receipt.infrastructure) {
          await deliveries.recordDeferral(ctx.db, campaignId, group ?? "-");
        }
      } else {
        if (!ctx.sms) throw new InfrastructureError("no SMS gateway is configured");
        const sms = renderOrReject(() => smsRenderer.render(message));
        if ("outcome" in sms) return await finish(item, sms);
        await passSharedRate(ctx, "sms");
        receipt = await ctx.sms.send({ to: item.to, text: sms.text, reference: item.reference });
      }
    } catch (error) {
      // Not the person's doing: an adapter that threw, a missing provider, a database hiccup in the rate
      // bucket. The row waits for the infrastructure, using no attempt and keeping its channel.
      receipt = {
        outcome: "deferred",
        reason: maskPersonalData(String((error as Error).message)).slice(0, 300),
        infrastructure: true,
      };
    } finally {
      // Released whatever happened, or the domain's slot leaks and the batch waits for it forever.
      if (domains && group !== undefined) await releaseDomain(domains, group, receipt);
    }
    if (!receipt) return;
    ctx.metrics?.recordReceipt(channel, receipt, channel === "email" ? item.to : undefined);
    await noteProviderAnswer(ctx, channel, receipt);
    await finish(item, receipt, receipt.outcome === "sent" ? { providerId: receipt.providerId } : {});
  };

  const concurrency = Math.max(1, ctx.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
      while (next < lanes.length) {
        // Checked before every message: a pause, a cancel or a stop ends this connection's run here.
        if (!campaignRunning || ctx.stopping?.aborted) return;
        const item = lanes[next++] as Prepared;
        await sendOne(item);
      }
    }),
  );
  if (next < lanes.length) await giveBack(lanes.slice(next));

  if (letters.length > 0) {
    await sendLetters(ctx, campaignId, letters, { finish, giveBack, isRunning: () => campaignRunning });
  }
}

/** What a batch of letters needs from the batch it belongs to. */
interface LetterHooks {
  finish(item: Prepared, receipt: Receipt, extra?: Partial<DeliveryPatch>): Promise<void>;
  giveBack(items: readonly Prepared[], notBefore?: Date): Promise<void>;
  isRunning(): boolean;
}

/**
 * Writes the batch's letters as one print batch. The batch is named on its rows before it is written, and the
 * folder marks it complete only with its manifest: letters whose recorded batch is already complete (the
 * worker died after writing, before recording) count as sent and are not printed again.
 */
async function sendLetters(
  ctx: SenderContext,
  campaignId: string,
  items: readonly Prepared[],
  hooks: LetterHooks,
): Promise<void> {
  const output = ctx.letters;
  if (ctx.stopping?.aborted || !hooks.isRunning()) return hooks.giveBack(items);
  if ((await deliveries.campaignStatusOf(ctx.db, campaignId)) !== "running") return hooks.giveBack(items);
  if (!output) {
    for (const item of items) {
      await hooks.finish(item, {
        outcome: "deferred",
        reason: "no letter output is configured",
        infrastructure: true,
      });
    }
    return;
  }
  const written = items.filter(
    (item) => item.claimed.providerId && output.isComplete(item.claimed.providerId),
  );
  for (const item of written) {
    await hooks.finish(item, { outcome: "sent", providerId: item.claimed.providerId as string });
  }
  const todo = items.filter((item) => !written.includes(item));
  for (const stale of new Set(todo.map((item) => item.claimed.providerId))) if (stale) output.discard(stale);
  if (todo.length === 0) return;
  const batch = output.newBatch();
  const held = await deliveries.assignPrintBatch(
    ctx.db,
    ctx.worker,
    todo.map((item) => item.claimed.id),
    batch,
  );
  const kept = todo.filter((item) => held.has(item.claimed.id));
  let receipts: Receipt[];
  try {
    receipts = await output.send(
      batch,
      kept.map((item) => ({ deliveryId: item.claimed.id, message: item.message })),
    );
  } catch (error) {
    const reason = `print batch not written: ${maskPersonalData((error as Error).message)}`.slice(0, 300);
    receipts = kept.map(() => ({ outcome: "deferred", reason, infrastructure: true }));
  }
  for (const [i, item] of kept.entries()) {
    const receipt: Receipt = receipts[i] ?? {
      outcome: "deferred",
      reason: "no receipt from the letter output",
      infrastructure: true,
    };
    ctx.metrics?.recordReceipt("letter", receipt);
    await noteProviderAnswer(ctx, "letter", receipt);
    await hooks.finish(item, receipt, receipt.outcome === "sent" ? { providerId: batch } : {});
  }
}

async function releaseDomain(
  domains: DomainGate,
  group: string,
  receipt: Receipt | undefined,
): Promise<void> {
  try {
    if (receipt?.outcome === "sent") await domains.release(group, "sent");
    else if (receipt?.outcome === "deferred" && !receipt.infrastructure) {
      await domains.release(group, "deferred", receipt.retryAfterMs);
    }
    // A rejection, or no answer from the recipient's side at all: frees the slot without slowing the domain.
    else await domains.release(group, "rejected");
  } catch {
    // The shared slot's lease runs out by itself; the outcome is what must be recorded.
  }
}

/** A provider or configuration that is missing or failing: never the recipient's doing. */
class InfrastructureError extends Error {}

/**
 * Renders a message for its channel; a rendering failure is about this message, not the provider, so it is a
 * rejection (the next channel may still work), with any contact data masked out of the reason.
 */
function renderOrReject<T extends object>(render: () => T): T | Receipt {
  try {
    return render();
  } catch (error) {
    return {
      outcome: "rejected",
      reason: `not rendered: ${maskPersonalData((error as Error).message)}`.slice(0, 300),
    };
  }
}
/**
 * A worker's identity: host and process for people reading it, plus a random part that alone makes it unique,
 * so a restarted container (same host name, pid 1) never passes for the process it replaces.
 */
export function workerName(): string {
  return `${process.env.HOSTNAME ?? "host"}:${process.pid}:${randomUUID()}`;
}

export type { Channel };
