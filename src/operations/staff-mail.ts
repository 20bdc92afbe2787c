/**
 * The staff password-reset mail (and the invitation to set a first password, the same mail): a worker claims
 * due requests (FOR UPDATE SKIP LOCKED, under a lease), makes the token, stores only its keyed hash with its
 * expiry — before sending, so the link works the moment it arrives — and sends it through the delivery
 * worker's e-mail provider from the platform's own address, within the e-mail rate all workers share. A send
 * that fails is tried again later with a new token; the old one never worked. Nothing logged names an address.
 */
import { randomBytes } from "node:crypto";
import { passSharedRate } from "../delivery/index.ts";
import { buildMime, escapeHtml } from "../messages/index.ts";
import { staffResets } from "../store/index.ts";
import type { OperationContext } from "./context.ts";
import { type PollingWorker, startPollingWorker } from "./polling-worker.ts";
import { newToken, resetHash, STAFF_LOGIN_RULES } from "./staff-login.ts";
import type { UpdateMailChannels } from "./update-mail.ts";

export interface StaffMailOptions {
  /** The platform's sender address (From). */
  from: string;
  /** Mails claimed per round (default 20). */
  limit?: number;
  leaseMs?: number;
  /** How long a reset link works (default 30 minutes). */
  ttlMs?: number;
  now?: () => Date;
}

/** The path of the page that takes the token; the address in the mail is PUBLIC_URL + this. */
export const RESET_PATH = "/console/nieuw-wachtwoord";

function resetText(input: { name: string; link: string; minutes: number }): {
  subject: string;
  paragraphs: string[];
} {
  return {
    subject: "Wachtwoord instellen voor Lekwijzer / Set your Lekwijzer password",
    paragraphs: [
      `Beste ${input.name},`,
      "Iemand vroeg om een nieuw wachtwoord voor uw account bij Lekwijzer, of u bent net toegevoegd als medewerker. Stel uw wachtwoord in via deze link:",
      input.link,
      `De link werkt ${input.minutes} minuten en maar één keer. Vroeg u dit niet aan? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde.`,
      "English",
      `Dear ${input.name},`,
      "Someone asked for a new password for your Lekwijzer account, or you were just added as staff. Set your password with this link:",
      input.link,
      `The link works for ${input.minutes} minutes and only once. Did you not ask for this? Then you need not do anything: your password stays the same.`,
    ],
  };
}

/** One round: sends the due reset mails; how many went out. */
export async function sendStaffMail(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  options: StaffMailOptions,
): Promise<number> {
  const now = options.now?.() ?? new Date();
  const due = await staffResets.claim(ctx.db, ctx.keys, {
    limit: options.limit ?? 20,
    leaseMs: options.leaseMs ?? 120_000,
    now,
  });
  const ttlMs = options.ttlMs ?? STAFF_LOGIN_RULES.resetTtlMs;
  const base = (ctx.publicUrl ?? "http://localhost:3000").replace(/\/$/, "");
  const domain = options.from.slice(options.from.lastIndexOf("@") + 1);
  let sent = 0;
  for (const item of due) {
    if (!channels.email) {
      await staffResets.retry(ctx.db, item.id, now, 60_000);
      continue;
    }
    const token = newToken();
    await staffResets.setToken(ctx.db, item.id, resetHash(ctx, token), new Date(now.getTime() + ttlMs));
    const text = resetText({
      name: item.displayName,
      link: `${base}${RESET_PATH}?token=${token}`,
      minutes: Math.round(ttlMs / 60_000),
    });
    const messageId = `<${randomBytes(16).toString("hex")}@${domain}>`;
    const raw = buildMime({
      from: { name: "Lekwijzer", address: options.from },
      to: { address: item.email },
      subject: text.subject,
      date: now,
      messageId,
      language: "nl",
      text: `${text.paragraphs.join("\n\n")}\n`,
      html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"></head><body>\n${text.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}\n</body></html>`,
    });
    let outcome: "sent" | "deferred" | "failed" = "deferred";
    try {
      channels.reservoir ??= new Map();
      await passSharedRate({ db: ctx.db, rates: channels.rates, reservoir: channels.reservoir }, "email");
      const receipt = await channels.email.send({
        raw,
        envelope: { from: channels.bounceAddress ?? options.from, to: item.email },
        messageId,
      });
      outcome = receipt.outcome === "sent" ? "sent" : receipt.outcome === "deferred" ? "deferred" : "failed";
    } catch (error) {
      channels.log?.("warn", { reset: item.id, error: (error as Error).name }, "staff reset mail not sent");
    }
    if (outcome === "sent") {
      await staffResets.mailDone(ctx.db, item.id);
      sent++;
    } else if (outcome === "failed") {
      await staffResets.mailDone(ctx.db, item.id);
      channels.log?.("warn", { reset: item.id }, "staff reset mail refused by the provider");
    } else await staffResets.retry(ctx.db, item.id, now, 60_000);
  }
  return sent;
}

/** Runs rounds every `everyMs` (default 2 s) until stopped. */
export function startStaffMailWorker(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  options: StaffMailOptions & { everyMs?: number; onError?: (error: Error) => void },
): PollingWorker {
  return startPollingWorker(() => sendStaffMail(ctx, channels, options), {
    everyMs: options.everyMs ?? 2_000,
    onError: options.onError,
  });
}
