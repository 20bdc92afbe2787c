/**
 * The contact centre's proof codes go out like "am I affected?" answers: a worker beside the delivery worker
 * claims due proofs (SKIP LOCKED, under a lease), opens the address and code in memory, and sends a short
 * message from the organisation (its sender profile for e-mail, the SMS gateway for texts), within the shared
 * e-mail rate. Once sent, the code's sealed copy is dropped: only its keyed hash is left to check what the
 * caller reads back. Old proofs and ended look-up handles are swept here too. Nothing logged names an address.
 */
import { randomBytes } from "node:crypto";
import { passSharedRate, type SenderContext } from "../delivery/index.ts";
import { buildMime, escapeHtml } from "../messages/index.ts";
import {
  type ClaimedContactProof,
  contactCentre,
  organisations,
  rateBuckets,
  senderProfiles,
} from "../store/index.ts";
import { CONTACT_RULES } from "./contact-centre.ts";
import type { OperationContext } from "./context.ts";
import { type PollingWorker, startPollingWorker } from "./polling-worker.ts";

export type ProofChannels = Pick<
  SenderContext,
  "email" | "sms" | "bounceAddress" | "log" | "rates" | "reservoir"
>;

type Sent = "sent" | "retry" | "refused";

let nextSweep = 0;

/** The message: the code, what it is for, and what to do when the person did not call. B1, Dutch first. */
export function proofText(organisation: string, code: string): { subject: string; paragraphs: string[] } {
  return {
    subject: `Uw code voor het gesprek met ${organisation} / Your code for the call`,
    paragraphs: [
      `Uw code is ${code}. Noem deze code aan de medewerker van ${organisation} die u nu spreekt.`,
      "Belt u niet met ons? Dan hoeft u niets te doen. Geef de code aan niemand.",
      `Your code is ${code}. Tell this code to the ${organisation} employee you are talking to now.`,
      "Are you not calling us? Then you need not do anything. Do not give the code to anyone.",
    ],
  };
}

async function sendEmail(
  ctx: OperationContext,
  channels: ProofChannels,
  proof: ClaimedContactProof,
  text: ReturnType<typeof proofText>,
): Promise<Sent> {
  const found = await senderProfiles.forSending(ctx.db, ctx.keys, proof.organisationId);
  if (!channels.email || !found) return "retry";
  const { sender } = found;
  const domain = sender.senderEmail.slice(sender.senderEmail.lastIndexOf("@") + 1);
  const messageId = `<${randomBytes(16).toString("hex")}@${domain}>`;
  const raw = buildMime({
    from: { name: sender.name, address: sender.senderEmail },
    to: { address: proof.address },
    subject: text.subject,
    date: new Date(),
    messageId,
    language: "nl",
    text: `${text.paragraphs.join("\n\n")}\n`,
    html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"></head><body>\n${text.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}\n</body></html>`,
    ...(sender.dkim ? { dkim: sender.dkim } : {}),
  });
  if (channels.rates) {
    channels.reservoir ??= new Map();
    await passSharedRate({ db: ctx.db, rates: channels.rates, reservoir: channels.reservoir }, "email");
  }
  const receipt = await channels.email.send({
    raw,
    envelope: { from: channels.bounceAddress ?? sender.senderEmail, to: proof.address },
    messageId,
  });
  return receipt.outcome === "sent" ? "sent" : receipt.outcome === "deferred" ? "retry" : "refused";
}

async function sendOne(
  ctx: OperationContext,
  channels: ProofChannels,
  proof: ClaimedContactProof,
): Promise<Sent> {
  const stored = await senderProfiles.get(ctx.db, ctx.keys, proof.organisationId);
  const name =
    (stored?.profile as { name?: string } | undefined)?.name ??
    (await organisations.get(ctx.db, proof.organisationId))?.name ??
    "";
  const text = proofText(name, proof.code);
  if (proof.channel === "email") return sendEmail(ctx, channels, proof, text);
  if (!channels.sms) return "retry";
  const receipt = await channels.sms.send({
    to: proof.address,
    text: `${text.paragraphs[0]} ${text.paragraphs[1]}`,
    reference: `CP-${randomBytes(8).toString("hex")}`,
  });
  return receipt.outcome === "sent" ? "sent" : receipt.outcome === "deferred" ? "retry" : "refused";
}

/** One round: sweeps what ended, sends the due proof codes; how many went out. */
export async function sendCallerProofs(
  ctx: OperationContext,
  channels: ProofChannels,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<number> {
  // Ended handles and day-old proofs go at most once a minute per process: the sweep scans.
  if (Date.now() >= nextSweep) {
    nextSweep = Date.now() + 60_000;
    await contactCentre.sweep(ctx.db, 24 * 3600_000);
    // The look-up and proof limits' buckets are full again after a day unused: dropping them changes nothing.
    await rateBuckets.sweep(ctx.db, "contact:", 24 * 3600_000);
  }
  const due = await contactCentre.claimProofs(ctx.db, ctx.keys, {
    limit: options.limit ?? 20,
    leaseMs: options.leaseMs ?? 60_000,
  });
  let sent = 0;
  for (const proof of due) {
    let outcome: Sent = "retry";
    try {
      outcome = await sendOne(ctx, channels, proof);
    } catch (error) {
      channels.log?.("warn", { proof: proof.id, error: (error as Error).name }, "contact proof not sent");
    }
    if (outcome === "retry") await contactCentre.retryProof(ctx.db, proof.id, 15_000);
    else await contactCentre.proofSent(ctx.db, proof.id, outcome === "sent");
    if (outcome === "sent") sent++;
  }
  return sent;
}

/** Sends proof codes every `everyMs` (default 1 s: the caller is waiting on the line) until stopped. */
export function startCallerProofWorker(
  ctx: OperationContext,
  channels: ProofChannels,
  options: { everyMs?: number; onError?: (error: Error) => void } = {},
): PollingWorker {
  return startPollingWorker(() => sendCallerProofs(ctx, channels), {
    everyMs: options.everyMs ?? Math.min(1_000, CONTACT_RULES.proofMs),
    onError: options.onError,
  });
}
