/**
 * Sends one batch of a campaign's deliveries: claim them, open the victims' sealed contact data, compose each
 * person's message from their own plan, render it for the current channel, pass the rate limits, hand it to
 * the provider, and record what happened — one row at a time, as it happens, so a crash loses at most the
 * messages that were on the wire (they are sent again with the same Message-ID).
 */
import { randomUUID } from "node:crypto";
import type { Channel } from "../core/index.ts";
import {
  type CompiledMessageSetup,
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  emailRenderer,
  type MessageSetup,
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
  type Victim,
  victims,
} from "../store/index.ts";
import { campaignSetup } from "./campaigns.ts";
import {
  applyDeliveryEvent,
  DEFAULT_RETRY_POLICY,
  type DeliveryRecord,
  type RetryPolicy,
  usableChannels,
} from "./lifecycle.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { DomainLimiter } from "./rate.ts";
import type { ChannelName, EmailArtefact, ProviderAdapter, Receipt, SmsArtefact } from "./receipt.ts";
import { type QueryExecutor, takeShared } from "./shared-rate.ts";

/** Where letters go: print batches handed to a print provider; see letters.ts. */
export interface LetterOutput {
  /** Renders and hands over the letters; returns a receipt per message, in order. */
  send(batch: readonly { deliveryId: number; message: ComposedMessage }[]): Promise<Receipt[]>;
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
  rates?: Partial<Record<ChannelName, ChannelRate>>;
  /** Runs one statement on the shared rate buckets (see shared-rate.ts). */
  rateQuery?: QueryExecutor;
  /** Per receiving domain, adapting to deferrals; one per worker process. */
  domains?: DomainLimiter;
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
  reservoir?: Map<ChannelName, number>;
  /** Cache of compiled setups per campaign; shared across batches of one worker. */
  compiled?: Map<string, { campaign: Campaign; compiled: CompiledMessageSetup }>;
}

export interface BatchReport {
  claimed: number;
  sent: number;
  deferred: number;
  fellBack: number;
  failed: number;
}

const CHANNEL_ORDER: readonly ChannelName[] = ["email", "sms", "letter"];
/** Waits for a receiving domain's slot up to this long in the worker; longer ones go back to the queue. */
const DOMAIN_WAIT_MS = 5_000;

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
  available: ReadonlySet<ChannelName>,
): ChannelName[] {
  const preferred = plan.filter((c): c is ChannelName => (CHANNEL_ORDER as readonly string[]).includes(c));
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

function recordOf(claimed: ClaimedDelivery, channels: readonly ChannelName[]): DeliveryRecord {
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

async function compiledFor(ctx: SenderContext, campaignId: string) {
  if (!ctx.compiled) ctx.compiled = new Map();
  const cache = ctx.compiled;
  const hit = cache.get(campaignId);
  if (hit) return hit;
  const campaign = await campaigns.get(ctx.db, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  const setup: MessageSetup = await campaignSetup(ctx, campaign);
  const entry = { campaign, compiled: compileMessageSetup(setup) };
  if (cache.size > 50) cache.clear();
  cache.set(campaignId, entry);
  return entry;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tokens taken from a shared bucket at once: fewer round trips on one hot row, still held across workers. */
const TOKENS_PER_TAKE = 10;

/**
 * Waits for a token of the channel's shared bucket (across all workers). Tokens are taken in small handfuls
 * into this worker's reservoir, so the bucket's row is updated once per handful rather than once per message.
 */
async function passSharedRate(ctx: SenderContext, channel: ChannelName): Promise<void> {
  const rate = ctx.rates?.[channel];
  if (!rate || !ctx.rateQuery) return;
  if (!ctx.reservoir) ctx.reservoir = new Map();
  for (;;) {
    const held = ctx.reservoir.get(channel) ?? 0;
    if (held > 0) {
      ctx.reservoir.set(channel, held - 1);
      return;
    }
    const taken = await takeShared(ctx.rateQuery, {
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

interface Prepared {
  claimed: ClaimedDelivery;
  record: DeliveryRecord;
  channel: ChannelName;
  message: ComposedMessage;
  code: string;
}

/** Claims and sends a batch; `ids` are a queue job's deliveries (absent: any due ones, up to `limit`). */
export async function sendBatch(
  ctx: SenderContext,
  campaignId: string,
  options: { ids?: readonly number[]; limit?: number } = {},
): Promise<BatchReport> {
  const report: BatchReport = { claimed: 0, sent: 0, deferred: 0, fellBack: 0, failed: 0 };
  const claimed = await deliveries.claim(
    ctx.db,
    campaignId,
    ctx.worker,
    options.ids?.length ?? options.limit ?? 200,
    options.ids,
  );
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;
  // While this batch is worked, keep its claims fresh: only a dead worker's claims go stale.
  const renew = setInterval(() => {
    deliveries.renewClaims(ctx.db, ctx.worker).catch(() => undefined);
  }, ctx.claimRenewMs ?? 10_000);
  renew.unref();
  try {
    return await workBatch(ctx, campaignId, claimed, report);
  } finally {
    clearInterval(renew);
  }
}

async function workBatch(
  ctx: SenderContext,
  campaignId: string,
  claimed: ClaimedDelivery[],
  report: BatchReport,
): Promise<BatchReport> {
  const { campaign, compiled } = await compiledFor(ctx, campaignId);
  const opened = await victims.getMany(
    ctx.db,
    ctx.keys,
    claimed.map((c) => c.victimId),
  );
  const byId = new Map(opened.map((v) => [v.id, v]));
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  // Only channels this installation can send by: a person is never queued for a channel with no provider.
  const available = new Set<ChannelName>([
    ...(ctx.email ? (["email"] as const) : []),
    ...(ctx.sms ? (["sms"] as const) : []),
    ...(ctx.letters ? (["letter"] as const) : []),
  ]);

  const finish = async (
    prepared: { claimed: ClaimedDelivery; record: DeliveryRecord },
    receipt: Receipt,
    extra: Partial<DeliveryPatch> = {},
  ) => {
    const result = applyDeliveryEvent(
      prepared.record,
      { type: "receipt", receipt, now: Date.now(), random: Math.random() },
      policy,
    );
    if (!result.ok) throw new Error(result.error);
    const next = result.delivery;
    if (receipt.outcome === "sent") report.sent++;
    else if (result.effect.kind === "retry") report.deferred++;
    else if (result.effect.kind === "fallback") report.fellBack++;
    else report.failed++;
    await deliveries.record(
      ctx.db,
      prepared.claimed.id,
      patchOf(next, {
        ...(receipt.outcome === "sent" ? { sentAt: new Date() } : {}),
        ...extra,
      }),
      "sending",
      ctx.worker,
    );
  };

  const fail = async (claimedRow: ClaimedDelivery, reason: string) => {
    report.failed++;
    await deliveries.record(
      ctx.db,
      claimedRow.id,
      { status: "failed", lastError: reason, attempts: claimedRow.attempts },
      "sending",
      ctx.worker,
    );
  };

  const letterBatch: Prepared[] = [];
  const prepared: Prepared[] = [];
  for (const row of claimed) {
    const victim = byId.get(row.victimId);
    if (!victim || victim.contactPurged) {
      await fail(row, "the victim's contact data is no longer kept");
      continue;
    }
    const recipient = recipientOf(victim);
    const plan = planForRecipient(compiled.setup.breach, recipient);
    let channels = row.channels as ChannelName[];
    if (channels.length === 0) {
      const optedOut =
        recipient.phone && ctx.smsOptedOut && campaign.kind === "update"
          ? await ctx.smsOptedOut(campaign.breachId, recipient.phone)
          : false;
      channels = reachableChannels(plan.channels, recipient, optedOut, available);
      if (channels.length === 0) {
        await fail(row, "no usable channel for this person");
        continue;
      }
    }
    const claimedRecord = applyDeliveryEvent(
      { ...recordOf(row, channels), state: "queued" },
      { type: "claim", now: Date.now() },
      policy,
    );
    if (!claimedRecord.ok) {
      await fail(row, claimedRecord.error);
      continue;
    }
    const record = claimedRecord.delivery;
    const channel = channels[record.channelIndex] as ChannelName;
    const code = ctx.verificationCode(`${campaign.id}:${row.victimId}`);
    const message = composeMessage(compiled, {
      recipient,
      plan,
      kind: campaign.kind,
      verificationCode: code,
      sequence: 1,
    });
    const item = { claimed: row, record, channel, message, code };
    if (channel === "letter") letterBatch.push(item);
    else prepared.push(item);
  }

  const sendOne = async (item: Prepared) => {
    const { channel, message } = item;
    const digest = ctx.verificationDigest(item.code);
    try {
      if (channel === "email") {
        if (!ctx.email)
          return await finish(item, { outcome: "deferred", reason: "no e-mail relay is configured" });
        const rendered = emailRenderer.render(message);
        const to = rendered.to ?? message.recipient.email ?? "";
        const domains = ctx.domains;
        let group = "-";
        if (domains) {
          let slot = domains.tryAcquire(to);
          // A short wait (the domain's concurrency or rate) is waited out here; a long one (a back-off after
          // deferrals) puts the row back in the queue without using an attempt, so others go on meanwhile.
          while (!slot.ok && slot.retryAt - Date.now() <= DOMAIN_WAIT_MS) {
            await sleep(Math.max(5, slot.retryAt - Date.now()));
            slot = domains.tryAcquire(to);
          }
          group = slot.group;
          if (!slot.ok) {
            return await deliveries.record(
              ctx.db,
              item.claimed.id,
              { status: "queued", notBefore: new Date(slot.retryAt), attempts: item.claimed.attempts },
              "sending",
              ctx.worker,
            );
          }
        }
        await passSharedRate(ctx, "email");
        const receipt = await ctx.email.send({
          raw: rendered.eml,
          envelope: { from: ctx.bounceAddress ?? message.organisation.senderEmail, to },
          messageId: rendered.messageId,
        });
        if (domains) {
          domains.release(
            group,
            receipt.outcome === "deferred" ? "deferred" : receipt.outcome === "sent" ? "sent" : "rejected",
            receipt.outcome === "deferred" ? receipt.retryAfterMs : undefined,
          );
        }
        if (receipt.outcome === "deferred") await deliveries.recordDeferral(ctx.db, campaignId, group);
        ctx.metrics?.recordReceipt("email", receipt, to);
        return await finish(item, receipt, { messageId: rendered.messageId, verificationDigest: digest });
      }
      if (channel === "sms") {
        if (!ctx.sms)
          return await finish(item, { outcome: "deferred", reason: "no SMS gateway is configured" });
        const sms = smsRenderer.render(message);
        await passSharedRate(ctx, "sms");
        const receipt = await ctx.sms.send({
          to: message.recipient.phone ?? "",
          text: sms.text,
          reference: String(item.claimed.id),
        });
        ctx.metrics?.recordReceipt("sms", receipt);
        return await finish(item, receipt, { verificationDigest: digest });
      }
    } catch (error) {
      // A rendering failure is about this message, not the provider: the next channel may still work.
      return await finish(item, { outcome: "rejected", reason: (error as Error).message.slice(0, 300) });
    }
  };

  const concurrency = Math.max(1, ctx.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, prepared.length) }, async () => {
      while (next < prepared.length) {
        const item = prepared[next++] as Prepared;
        await sendOne(item);
      }
    }),
  );

  if (letterBatch.length > 0) {
    if (!ctx.letters) {
      for (const item of letterBatch)
        await finish(item, { outcome: "deferred", reason: "no letter output is configured" });
    } else {
      const receipts = await ctx.letters.send(
        letterBatch.map((i) => ({ deliveryId: i.claimed.id, message: i.message })),
      );
      for (const [i, item] of letterBatch.entries()) {
        const receipt = receipts[i] ?? {
          outcome: "deferred" as const,
          reason: "no receipt from the letter output",
        };
        ctx.metrics?.recordReceipt("letter", receipt);
        await finish(item, receipt, { verificationDigest: ctx.verificationDigest(item.code) });
      }
    }
  }
  return report;
}

/** A worker's name: host and process, plus a random part so restarts are told apart. */
export function workerName(): string {
  return `${process.env.HOSTNAME ?? "host"}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export type { Channel };
