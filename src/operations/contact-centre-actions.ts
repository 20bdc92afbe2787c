/**
 * What an agent does for the caller they found (each through the handle of their look-up, each audited with the
 * agent, the breach and the action, never the code or an address):
 *
 * - **resend the notice** by another channel: the caller's first-notice delivery goes back into the queue on
 *   the channel chosen, and a new personal code is issued in the same transaction — the resent notice prints
 *   it, and the old code (perhaps in a lost letter or someone else's mailbox) stops opening "Mijn plan" at once;
 * - **order a printed letter**: the plan on paper, as "Mijn plan" asks for it (a portal request the
 *   portal-letter worker writes; one still open is not ordered twice);
 * - **record a phishing report** the caller tells about: checked and scrubbed like a report from the public
 *   page, for the caller's breach.
 */
import type { SendChannel } from "../core/index.ts";
import {
  audit,
  contactCentre,
  personalCodes,
  phishingReports,
  portalRequests,
  transaction,
} from "../store/index.ts";
import type { Actor } from "./actor.ts";
import { callerOfHandle } from "./contact-centre.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { checkedReport, type ReportInput } from "./phishing-reports.ts";
import { scrubReportText } from "./phishing-scrub.ts";

type Handle = { handle: string; session: string };

const CHANNELS: readonly SendChannel[] = ["email", "sms", "letter"];

/**
 * Sends the caller's notice again by `channel`, with a new personal code. Invalid for a channel the caller
 * cannot be reached by; a conflict when no notice was sent yet or one is on its way now.
 */
export async function resendNotice(
  ctx: OperationContext,
  actor: Actor,
  input: Handle & { channel: string },
): Promise<{ channel: SendChannel }> {
  const { victim, organisationId, agent } = await callerOfHandle(ctx, actor, input, "caller.resend");
  const channel = CHANNELS.find((c) => c === input.channel);
  if (!channel || !victim.channels.includes(channel))
    throw new OperationProblem("invalid", "This person cannot be reached by that channel.", [
      { path: "channel", message: "choose a channel this person has" },
    ]);
  await transaction(ctx.db, async (tx) => {
    const queued = await contactCentre.requeueNotice(tx, { organisationId, victimId: victim.id, channel });
    if (!queued.ok)
      throw new OperationProblem(
        "conflict",
        queued.reason === "no-notice"
          ? "no-notice: no notice was sent to this person yet."
          : "in-progress: the notice is on its way now.",
      );
    // The notice is composed when it is sent and prints the code current then: this one.
    await personalCodes.issue(tx, ctx.keys, victim.id);
    await audit.append(tx, ctx.keys, {
      actor: agent,
      action: "caller.resend",
      subject: String(victim.id),
      details: {
        breach: victim.breachId,
        channel,
        delivery: queued.deliveryId,
        campaignReopened: queued.reopened,
      },
    });
  });
  return { channel };
}

/** Orders the plan on paper; `created: false` when a printed letter for this caller is still on its way. */
export async function orderLetter(
  ctx: OperationContext,
  actor: Actor,
  input: Handle,
): Promise<{ created: boolean }> {
  const { victim, agent } = await callerOfHandle(ctx, actor, input, "caller.letter");
  if (!victim.channels.includes("letter"))
    throw new OperationProblem("invalid", "No postal address is known for this person.", [
      { path: "letter", message: "no postal address" },
    ]);
  return transaction(ctx.db, async (tx) => {
    const earlier = await portalRequests.listForVictim(tx, victim.id);
    if (
      earlier.some((r) => r.kind === "printed-letter" && (r.status === "open" || r.status === "no-address"))
    )
      return { created: false };
    const created = await portalRequests.create(tx, ctx.keys, {
      victimId: victim.id,
      kind: "printed-letter",
      language: victim.language,
    });
    if (!created)
      throw new OperationProblem("not-found", "This look-up has ended. Look the caller up again.");
    await audit.append(tx, ctx.keys, {
      actor: agent,
      action: "caller.letter",
      subject: created.id,
      details: { breach: victim.breachId, victim: victim.id },
    });
    return { created: true };
  });
}

/** Records a suspicious message the caller tells about, for the caller's breach (invalid per field). */
export async function recordCallerPhishing(
  ctx: OperationContext,
  actor: Actor,
  input: Handle & { report: Omit<ReportInput, "screenshot"> },
): Promise<{ id: string }> {
  const { victim, agent } = await callerOfHandle(ctx, actor, input, "caller.phishing-report");
  const report = checkedReport(input.report, new Date());
  const text = scrubReportText(report.text, { sender: report.sender, language: victim.language });
  return transaction(ctx.db, async (tx) => {
    const id = await phishingReports.insert(tx, ctx.keys, { breachId: victim.breachId, ...report, text });
    await audit.append(tx, ctx.keys, {
      actor: agent,
      action: "caller.phishing-report",
      subject: id,
      details: { breach: victim.breachId, channel: report.channel },
    });
    return { id };
  });
}
