/**
 * What comes back after sending: bounce reports (RFC 3464 DSNs to the bounce address, or a provider's bounce
 * webhook), SMS delivery reports, returned letters. Each is matched to its delivery (by Message-ID, provider
 * id or the delivery's keyed reference) and applied through the delivery lifecycle, so a bounce moves the
 * person to their next channel exactly as a refusal at sending time would — also weeks later, after the
 * campaign was done (it is reopened to send the fallback), never after it was cancelled.
 *
 * A bounce applies only when the address it names is the one the delivery went to (keyed hashes compared),
 * so a forged or misrouted report cannot move someone else. A report that matches nothing yet — it overtook
 * its own send — is kept without contact data and applied by the worker's sweep once its row appears.
 * Letters that My plan sent (references `MP-…`) are marked returned on their request, so the person sees it
 * on My plan and can give a better address.
 */
import { maskPersonalData, type SendChannel } from "../core/index.ts";
import {
  type DeliveryRow,
  deliveries,
  type Executor,
  type FeedbackKind,
  type Keyring,
  type PendingFeedback,
  portalLetters,
} from "../store/index.ts";
import { reopenForFallback } from "./campaigns.ts";
import { type BounceReport, isPermanentFailure } from "./dsn.ts";
import { recipientHashesUnderEveryKey } from "./identifiers.ts";
import { applyDeliveryEvent, type DeliveryRecord } from "./lifecycle.ts";
import type { DeliveryReport } from "./sms-gateway.ts";

export interface FeedbackContext {
  db: Executor;
  keys: Keyring;
}

export interface FeedbackResult {
  /** Reports matched to a delivery and applied. */
  applied: number;
  /** Reports about messages we do not know yet: kept, and applied when their delivery appears. */
  unmatched: number;
  /** Of the applied: deliveries moved to their next channel. */
  fellBack: number;
  /** Reports about messages still being recorded as sent: kept, and applied once recorded. */
  waiting: number;
  /** Reports whose recipient is not the one the message went to: ignored. */
  mismatched: number;
}

/** One report, in the form it is matched and kept in: identifiers, hashed recipients, a masked reason. */
interface FeedbackItem {
  kind: FeedbackKind;
  messageId?: string;
  providerId?: string;
  reference?: string;
  /** Keyed hashes of the addresses the report says failed; absent where the channel names none (letters). */
  recipientHashes?: string[];
  outcome: "failed" | "delivered";
  reason: string;
  at?: string;
}

type Outcome = "fell-back" | "ended" | "delivered" | "ignored" | "waiting" | "unmatched" | "mismatched";

function emptyResult(): FeedbackResult {
  return { applied: 0, unmatched: 0, fellBack: 0, waiting: 0, mismatched: 0 };
}

function recordOf(row: DeliveryRow): DeliveryRecord {
  return {
    state:
      row.status === "sent" || row.status === "delivered" ? "sent" : (row.status as DeliveryRecord["state"]),
    channels: row.channels as SendChannel[],
    channelIndex: row.channelIndex,
    attempts: row.attempts,
    history: row.history as DeliveryRecord["history"],
  };
}

async function findRow(db: Executor, item: FeedbackItem): Promise<DeliveryRow | undefined> {
  if (item.messageId) {
    const row = await deliveries.findByMessageId(db, item.messageId);
    if (row) return row;
  }
  if (item.reference) {
    const row = await deliveries.findByReference(db, item.reference);
    if (row) return row;
  }
  if (item.providerId) return deliveries.findByProviderId(db, item.providerId);
  return undefined;
}

/** A permanent failure after the provider accepted the message: fall back, or end as unreachable. */
async function bounce(ctx: FeedbackContext, row: DeliveryRow, reason: string): Promise<Outcome> {
  if (row.status === "sending") return "waiting";
  if (row.status !== "sent" && row.status !== "delivered") return "ignored";
  const result = applyDeliveryEvent(
    { ...recordOf(row), state: "sent" },
    { type: "bounced", reason, now: Date.now() },
  );
  if (!result.ok) return "ignored";
  const next = result.delivery;
  const moved = await deliveries.record(
    ctx.db,
    row.id,
    {
      status: next.state === "sending" ? "queued" : next.state,
      channels: [...next.channels],
      channelIndex: next.channelIndex,
      attempts: next.attempts,
      notBefore: new Date(),
      lastError: reason.slice(0, 300),
      history: [...next.history],
      // The new channel gets its own identifiers when it is prepared.
      ...(next.state === "queued" ? { providerId: null, messageId: null, recipientHash: null } : {}),
    },
    row.status,
  );
  if (!moved) return "ignored";
  if (result.effect.kind !== "fallback") return "ended";
  await reopenForFallback(ctx, row.campaignId);
  return "fell-back";
}

/** Letters that My plan sent carry references of their own (`MP-…`); they have no delivery row. */
const PORTAL_LETTER_REFERENCE = /^MP-/;

async function applyPortalLetterReturn(ctx: FeedbackContext, reference: string): Promise<Outcome> {
  const result = await portalLetters.markReturned(ctx.db, reference);
  if (result.outcome === "returned") return "ended";
  return result.outcome;
}

async function applyOne(ctx: FeedbackContext, item: FeedbackItem): Promise<Outcome> {
  if (item.kind === "letter-return" && item.reference && PORTAL_LETTER_REFERENCE.test(item.reference))
    return applyPortalLetterReturn(ctx, item.reference);
  const row = await findRow(ctx.db, item);
  if (!row) return "unmatched";
  if (item.kind === "letter-return" && row.channels[row.channelIndex] !== "letter") return "mismatched";
  if (item.recipientHashes && !(row.recipientHash && item.recipientHashes.includes(row.recipientHash))) {
    return "mismatched";
  }
  if (item.outcome === "delivered") {
    if (row.status === "sending") return "waiting";
    if (row.status !== "sent") return "ignored";
    const at = item.at ? new Date(item.at) : new Date();
    await deliveries.record(ctx.db, row.id, { status: "delivered", deliveredAt: at }, "sent");
    return "delivered";
  }
  return bounce(ctx, row, item.reason);
}

function matchKey(item: FeedbackItem): string {
  return item.messageId ?? item.reference ?? item.providerId ?? "";
}

/** Applies each item; keeps those that cannot be applied yet. Returns the counts. */
async function applyAll(ctx: FeedbackContext, items: readonly FeedbackItem[]): Promise<FeedbackResult> {
  const result = emptyResult();
  for (const item of items) {
    const outcome = await applyOne(ctx, item);
    if (outcome === "unmatched" || outcome === "waiting") {
      const { kind, ...payload } = item;
      await deliveries.keepFeedback(ctx.db, kind, matchKey(item), payload);
    }
    count(result, outcome);
  }
  return result;
}

function count(result: FeedbackResult, outcome: Outcome): void {
  if (outcome === "unmatched") result.unmatched++;
  else if (outcome === "waiting") result.waiting++;
  else if (outcome === "mismatched") result.mismatched++;
  else if (outcome !== "ignored") result.applied++;
  if (outcome === "fell-back") result.fellBack++;
}

function hashes(keys: Keyring, channel: SendChannel, addresses: readonly string[]): string[] {
  return addresses.flatMap((a) => recipientHashesUnderEveryKey(keys, channel, a));
}

function reasonOf(text: string): string {
  return maskPersonalData(text).slice(0, 300);
}

export async function applyBounces(
  ctx: FeedbackContext,
  reports: readonly BounceReport[],
): Promise<FeedbackResult> {
  const items: FeedbackItem[] = [];
  for (const report of reports) {
    const failed = report.recipients.filter(isPermanentFailure);
    const first = failed[0];
    if (!first || !report.originalMessageId) continue;
    items.push({
      kind: "bounce",
      messageId: report.originalMessageId,
      recipientHashes: hashes(
        ctx.keys,
        "email",
        failed.map((r) => r.finalRecipient),
      ),
      outcome: "failed",
      reason: reasonOf(`bounced ${first.status}${first.diagnosticCode ? `: ${first.diagnosticCode}` : ""}`),
    });
  }
  return applyAll(ctx, items);
}

export async function applySmsReports(
  ctx: FeedbackContext,
  reports: readonly DeliveryReport[],
): Promise<FeedbackResult> {
  return applyAll(
    ctx,
    reports.map((report) => ({
      kind: "sms-report" as const,
      providerId: report.providerId,
      ...(report.reference ? { reference: report.reference } : {}),
      // Gateways that name the number get the same check as bounces: only the number the text went to.
      ...(report.recipient ? { recipientHashes: hashes(ctx.keys, "sms", [report.recipient]) } : {}),
      outcome: report.outcome,
      reason: reasonOf(`text message not delivered${report.reason ? `: ${report.reason}` : ""}`),
      ...(report.at ? { at: report.at.toISOString() } : {}),
    })),
  );
}

/** The print provider's list of undeliverable letters, by the reference printed on each letter. */
export async function applyReturnedLetters(
  ctx: FeedbackContext,
  references: readonly string[],
): Promise<FeedbackResult> {
  return applyAll(
    ctx,
    references.map((reference) => ({
      kind: "letter-return" as const,
      reference: reference.trim().toUpperCase(),
      outcome: "failed" as const,
      reason: "letter returned as undeliverable",
    })),
  );
}

/**
 * Retries kept reports (the worker's sweep calls this): those whose delivery has appeared are applied and
 * dropped; the others wait until they expire.
 */
export async function applyPendingFeedback(ctx: FeedbackContext): Promise<FeedbackResult> {
  const result = emptyResult();
  const pending: PendingFeedback[] = await deliveries.pendingFeedback(ctx.db, 1000);
  const done: number[] = [];
  for (const entry of pending) {
    const item = { ...(entry.payload as Omit<FeedbackItem, "kind">), kind: entry.kind };
    const outcome = await applyOne(ctx, item);
    if (outcome !== "unmatched" && outcome !== "waiting") done.push(entry.id);
    count(result, outcome);
  }
  await deliveries.dropFeedback(ctx.db, done);
  return result;
}
