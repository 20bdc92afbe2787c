/**
 * "Am I affected?", the answer side: a worker claims the stored questions, opens each sealed address in
 * memory, looks its keyed hash up in the breach's file and writes to that address or number — a new personal
 * code (the old one stops working) for a person in the file, a short confirmation for anyone else — then
 * deletes the question. It runs beside the delivery worker (cli/delivery-session.ts) on the same e-mail and
 * SMS providers; nothing it logs names the address or whether the person was in the file.
 */
import { randomBytes } from "node:crypto";
import { canonicalCode, generateCode, type Language } from "../core/index.ts";
import type { SenderContext } from "../delivery/index.ts";
import { buildMime, escapeHtml } from "../messages/index.ts";
import {
  affectedChecks,
  breaches,
  type ClaimedAffectedCheck,
  organisations,
  personalCodes,
  senderProfiles,
  victims,
} from "../store/index.ts";
import { answerText } from "./affected-answer-text.ts";
import type { OperationContext } from "./context.ts";
import { type PollingWorker, startPollingWorker } from "./polling-worker.ts";

/** The providers the delivery worker has; absent ones leave their questions to expire. */
export type AnswerChannels = Pick<SenderContext, "email" | "sms" | "bounceAddress" | "log">;

export interface AnswerOptions {
  /** Questions per round (default 20). */
  limit?: number;
  /** How long a claim holds before another worker may take the question (default 2 minutes). */
  leaseMs?: number;
  /** Questions still unanswered after this long are dropped, sealed address and all (default one day). */
  maxAgeMs?: number;
}

const DAY_MS = 24 * 3600_000;
let nextSweep = 0;

type Outcome = "sent" | "retry" | "dropped";

function portalOf(publicUrl: string | undefined): string {
  if (!publicUrl) return "localhost:3000";
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/$/, "")}`;
}

/** In the file: a new personal code, issued now, so whatever code was out there before stops working. */
async function codeIfInFile(ctx: OperationContext, check: ClaimedAffectedCheck): Promise<string | undefined> {
  const victim =
    check.channel === "email"
      ? await victims.findByEmail(ctx.db, ctx.keys, check.breachId, check.address)
      : await victims.findByPhone(ctx.db, ctx.keys, check.breachId, check.address);
  if (!victim || victim.contactPurged) return undefined;
  return personalCodes.issue(ctx.db, ctx.keys, victim.id);
}

function emailHtml(paragraphs: string[], language: Language): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>`;
}

async function sendEmail(
  ctx: OperationContext,
  channels: AnswerChannels,
  check: ClaimedAffectedCheck,
  text: ReturnType<typeof answerText>,
  organisationId: string,
): Promise<Outcome> {
  const found = await senderProfiles.forSending(ctx.db, ctx.keys, organisationId);
  if (!channels.email || !found) return "retry";
  const { sender } = found;
  const domain = sender.senderEmail.slice(sender.senderEmail.lastIndexOf("@") + 1);
  const messageId = `<${randomBytes(16).toString("hex")}@${domain}>`;
  const raw = buildMime({
    from: { name: sender.name, address: sender.senderEmail },
    to: { address: check.address },
    ...(sender.replyTo ? { replyTo: { address: sender.replyTo } } : {}),
    subject: text.subject,
    date: new Date(),
    messageId,
    language: check.language,
    text: `${text.paragraphs.join("\n\n")}\n`,
    html: emailHtml(text.paragraphs, check.language),
    ...(sender.dkim ? { dkim: sender.dkim } : {}),
  });
  const receipt = await channels.email.send({
    raw,
    envelope: { from: channels.bounceAddress ?? sender.senderEmail, to: check.address },
    messageId,
  });
  return receipt.outcome === "deferred" ? "retry" : receipt.outcome === "sent" ? "sent" : "dropped";
}

async function sendSms(
  channels: AnswerChannels,
  check: ClaimedAffectedCheck,
  text: ReturnType<typeof answerText>,
): Promise<Outcome> {
  if (!channels.sms) return "retry";
  const reference = `AC-${randomBytes(8).toString("hex")}`;
  const receipt = await channels.sms.send({ to: check.address, text: text.sms, reference });
  return receipt.outcome === "deferred" ? "retry" : receipt.outcome === "sent" ? "sent" : "dropped";
}

async function answerOne(
  ctx: OperationContext,
  channels: AnswerChannels,
  check: ClaimedAffectedCheck,
): Promise<Outcome> {
  const breach = await breaches.getAcrossOrganisations(ctx.db, check.breachId);
  const organisation = breach ? await organisations.get(ctx.db, breach.organisationId) : undefined;
  if (!breach || !organisation) return "dropped";
  // Without a way out the code would be issued (and the old one revoked) for nothing: wait for the provider.
  if (check.channel === "email" ? !channels.email : !channels.sms) return "retry";
  const code = await codeIfInFile(ctx, check);
  const verificationCode = generateCode();
  const text = answerText({
    verificationCode,
    language: check.language,
    channel: check.channel,
    organisationName: organisation.name,
    breachTitle: breach.title,
    portal: portalOf(ctx.publicUrl),
    breachSlug: breach.pageSlug ?? breach.slug,
    ...(code ? { code } : {}),
  });
  const outcome =
    check.channel === "email"
      ? await sendEmail(ctx, channels, check, text, breach.organisationId)
      : await sendSms(channels, check, text);
  if (outcome === "sent")
    await affectedChecks.recordAnswer(ctx.db, {
      verificationDigest: ctx.keys.lookupHash("verification-code", canonicalCode(verificationCode)),
      breachId: breach.id,
      channel: check.channel,
    });
  return outcome;
}

/**
 * One round: claims questions, answers each, and deletes the answered ones (a refused address counts as
 * answered: trying again would not help). Returns how many were answered.
 */
export async function answerAffectedChecks(
  ctx: OperationContext,
  channels: AnswerChannels,
  options: AnswerOptions = {},
): Promise<number> {
  // Old questions and yesterday's counters go at most once a minute per process: the sweep scans.
  if (Date.now() >= nextSweep) {
    nextSweep = Date.now() + 60_000;
    await affectedChecks.sweep(ctx.db, options.maxAgeMs ?? DAY_MS);
  }
  const claimed = await affectedChecks.claim(ctx.db, ctx.keys, {
    limit: options.limit ?? 20,
    leaseMs: options.leaseMs ?? 120_000,
  });
  let answered = 0;
  for (const check of claimed) {
    let outcome: Outcome;
    try {
      outcome = await answerOne(ctx, channels, check);
    } catch (error) {
      channels.log?.(
        "warn",
        { check: check.id, error: (error as Error).name },
        "affected check not answered",
      );
      outcome = "retry";
    }
    if (outcome === "retry") await affectedChecks.retryLater(ctx.db, check.id, 60_000);
    else await affectedChecks.finish(ctx.db, check.id);
    if (outcome === "sent") answered++;
  }
  return answered;
}

/** Answers questions every `everyMs` (default 2 s) until stopped; a failing round is logged and retried. */
export function startAffectedCheckWorker(
  ctx: OperationContext,
  channels: AnswerChannels,
  options: AnswerOptions & { everyMs?: number; onError?: (error: Error) => void } = {},
): PollingWorker {
  return startPollingWorker(() => answerAffectedChecks(ctx, channels, options), {
    everyMs: options.everyMs ?? 2_000,
    onError: options.onError,
  });
}
