/**
 * What comes back after sending: bounce reports (RFC 3464 DSNs to the bounce address, or a provider's bounce
 * webhook), SMS delivery reports, returned letters and STOP replies. Each is matched to its delivery (by
 * Message-ID, provider id or letter reference) and applied through the delivery lifecycle, so a bounce moves
 * the person to their next channel exactly as a refusal at sending time would.
 */
import { type DeliveryRow, deliveries, type Executor } from "../store/index.ts";
import { type BounceReport, isPermanentFailure } from "./dsn.ts";
import { applyDeliveryEvent, type DeliveryRecord } from "./lifecycle.ts";
import type { ChannelName } from "./receipt.ts";
import type { DeliveryReport } from "./sms-gateway.ts";

export interface FeedbackResult {
  /** Reports matched to a delivery and applied. */
  applied: number;
  /** Reports about messages we do not know (or no longer keep). */
  unmatched: number;
  /** Of the applied: deliveries moved to their next channel. */
  fellBack: number;
  /** Reports about messages still being recorded as sent (a report can overtake its own send): try again. */
  waiting: number;
}

function recordOf(row: DeliveryRow): DeliveryRecord {
  return {
    state:
      row.status === "sent" || row.status === "delivered" ? "sent" : (row.status as DeliveryRecord["state"]),
    channels: row.channels as ChannelName[],
    channelIndex: row.channelIndex,
    attempts: row.attempts,
    history: row.history as DeliveryRecord["history"],
  };
}

/** A permanent failure after the provider accepted the message: fall back, or end as bounced. */
async function bounce(
  db: Executor,
  row: DeliveryRow,
  reason: string,
): Promise<"fell-back" | "ended" | "ignored" | "waiting"> {
  if (row.status === "sending") return "waiting";
  if (row.status !== "sent" && row.status !== "delivered") return "ignored";
  const result = applyDeliveryEvent(
    { ...recordOf(row), state: "sent" },
    { type: "bounced", reason, now: Date.now() },
  );
  if (!result.ok) return "ignored";
  const next = result.delivery;
  await deliveries.record(
    db,
    row.id,
    {
      status: next.state === "sending" ? "queued" : next.state,
      channelIndex: next.channelIndex,
      attempts: next.attempts,
      notBefore: new Date(),
      lastError: reason.slice(0, 300),
      history: [...next.history],
      // The new channel gets its own message id and provider id when it is sent.
      ...(next.state === "queued" ? { providerId: null, messageId: null } : {}),
    },
    row.status,
  );
  return result.effect.kind === "fallback" ? "fell-back" : "ended";
}

function count(result: FeedbackResult, outcome: Awaited<ReturnType<typeof bounce>>): void {
  if (outcome === "waiting") result.waiting++;
  else if (outcome !== "ignored") result.applied++;
  if (outcome === "fell-back") result.fellBack++;
}

export async function applyBounces(db: Executor, reports: readonly BounceReport[]): Promise<FeedbackResult> {
  const result: FeedbackResult = { applied: 0, unmatched: 0, fellBack: 0, waiting: 0 };
  for (const report of reports) {
    const failed = report.recipients.find(isPermanentFailure);
    if (!failed) continue;
    const row = report.originalMessageId
      ? await deliveries.findByMessageId(db, report.originalMessageId)
      : undefined;
    if (!row) {
      result.unmatched++;
      continue;
    }
    const reason = `bounced ${failed.status}${failed.diagnosticCode ? `: ${failed.diagnosticCode}` : ""}`;
    const outcome = await bounce(db, row, reason);
    count(result, outcome);
  }
  return result;
}

export async function applySmsReports(
  db: Executor,
  reports: readonly DeliveryReport[],
): Promise<FeedbackResult> {
  const result: FeedbackResult = { applied: 0, unmatched: 0, fellBack: 0, waiting: 0 };
  for (const report of reports) {
    const row = await deliveries.findByProviderId(db, report.providerId);
    if (!row) {
      result.unmatched++;
      continue;
    }
    if (report.outcome === "delivered") {
      if (row.status === "sent") {
        await deliveries.record(
          db,
          row.id,
          { status: "delivered", deliveredAt: report.at ?? new Date() },
          "sent",
        );
        result.applied++;
      }
      continue;
    }
    const outcome = await bounce(
      db,
      row,
      `text message not delivered${report.reason ? `: ${report.reason}` : ""}`,
    );
    if (outcome !== "ignored") result.applied++;
    if (outcome === "fell-back") result.fellBack++;
  }
  return result;
}

/** The print provider's list of undeliverable letters, by the reference printed on each letter. */
export async function applyReturnedLetters(
  db: Executor,
  references: readonly string[],
): Promise<FeedbackResult> {
  const result: FeedbackResult = { applied: 0, unmatched: 0, fellBack: 0, waiting: 0 };
  for (const reference of references) {
    const row = await deliveries.findByProviderId(db, reference.trim());
    const channel = row ? row.channels[row.channelIndex] : undefined;
    if (!row || channel !== "letter") {
      result.unmatched++;
      continue;
    }
    const outcome = await bounce(db, row, "letter returned as undeliverable");
    count(result, outcome);
  }
  return result;
}
