/**
 * The update e-mail worker. Each round it (1) sends the confirmation codes of new subscriptions, (2) expands
 * published updates into one mailing per confirmed subscriber, a batch at a time, and (3) sends claimed
 * mailings: the update's text with RFC 8058 one-click unsubscribe headers, from the organisation's sender
 * profile (From, Reply-To, DKIM as the delivery worker signs), through the delivery worker's e-mail provider
 * and its per-domain limits. A mailing moves from queued to sent once (unique per update and subscriber, claimed
 * with FOR UPDATE SKIP LOCKED under a lease), so any number of workers, and crashes, still send it once —
 * except a crash between the provider's "sent" and the row's update, which the lease then sends again (as for
 * campaigns: at least once at that one step). Nothing logged names an address.
 *
 * It also e-mails the notice that a person's address for letters changed when they had no postal address
 * before (portal-address.ts queues it; a person with one gets a letter there instead), claimed and sent the
 * same way.
 */
import { randomBytes } from "node:crypto";
import { CODE_ALPHABET, canonicalCode, codeFromSeed, formatDate, type Language } from "../core/index.ts";
import { passSharedRate, type SenderContext } from "../delivery/index.ts";
import { buildMime, escapeHtml } from "../messages/index.ts";
import {
  audit,
  type Breach,
  type BreachUpdate,
  breaches,
  breachUpdates,
  type ClaimedEmailNotice,
  type ClaimedMailing,
  type Executor,
  organisations,
  portalLetters,
  senderProfiles,
  sendingDomains,
  updateMailings,
  updateSubscriptions,
  victimChoices,
  victims,
} from "../store/index.ts";
import type { OperationContext } from "./context.ts";
import { type PollingWorker, startPollingWorker } from "./polling-worker.ts";
import { addressChangedText, confirmationText, type MailText, updateText } from "./update-mail-text.ts";
import { SUBSCRIPTION_LIMITS } from "./update-subscriptions.ts";
import { maskPostcode } from "./verification.ts";

/**
 * What the worker borrows from the delivery worker: its e-mail provider, bounce address, domain gate, log, and
 * the e-mail rate shared by all workers (`EMAIL_RATE`), so update e-mails and campaigns together stay within it.
 */
export type UpdateMailChannels = Pick<
  SenderContext,
  "email" | "bounceAddress" | "log" | "domains" | "rates" | "reservoir"
>;

export interface UpdateMailOptions {
  /** Mailings (and confirmations) claimed per round (default 50). */
  limit?: number;
  /** How long a claim holds before another worker may take it (default 2 minutes). */
  leaseMs?: number;
  /** Subscribers added to the queue per fan-out step (default 5,000). */
  fanoutBatch?: number;
  /** Tries before a mailing counts as failed (default 5). */
  maxAttempts?: number;
}

type Outcome = "sent" | "retry" | "failed";

const DAY_MS = 24 * 3600_000;
let nextSweep = 0;

function portalOf(publicUrl: string | undefined): string {
  if (!publicUrl) return "localhost:3000";
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/$/, "")}`;
}

/** An 8-character code from the personal codes' alphabet (rejection sampling: every character equally likely). */
export function confirmationCode(): string {
  let code = "";
  while (code.length < 8) {
    for (const byte of randomBytes(16)) {
      if (byte < 256 - (256 % CODE_ALPHABET.length) && code.length < 8)
        code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
}

function emailHtml(paragraphs: string[], language: Language): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>`;
}

/** Per round: what one breach needs for its e-mails (looked up once, not per message). */
interface BreachMail {
  breach: Breach;
  organisationName: string;
  sender: NonNullable<Awaited<ReturnType<typeof senderProfiles.forSending>>>["sender"] | undefined;
}

type Cache = Map<string, Promise<BreachMail | undefined>>;

function breachMail(ctx: OperationContext, cache: Cache, breachId: string): Promise<BreachMail | undefined> {
  let found = cache.get(breachId);
  if (!found) {
    found = (async () => {
      const breach = await breaches.getAcrossOrganisations(ctx.db, breachId);
      if (!breach) return undefined;
      const organisation = await organisations.get(ctx.db, breach.organisationId);
      const sending = await senderProfiles.forSending(ctx.db, ctx.keys, breach.organisationId);
      // As for campaigns: nothing goes out from a From domain the organisation has not proven it controls.
      const from = sending?.sender.senderEmail ?? "";
      const verified =
        sending &&
        (await sendingDomains.verifiedCovering(
          ctx.db,
          breach.organisationId,
          from.slice(from.lastIndexOf("@") + 1),
        ));
      return {
        breach,
        organisationName: organisation?.name ?? "",
        sender: verified ? sending.sender : undefined,
      };
    })();
    cache.set(breachId, found);
  }
  return found;
}

async function send(
  db: Executor,
  channels: UpdateMailChannels,
  mail: BreachMail,
  to: { address: string; language: Language },
  text: MailText,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const { sender } = mail;
  if (!channels.email || !sender) return "retry";
  const slot = channels.domains ? await channels.domains.tryAcquire(to.address) : undefined;
  if (slot && !slot.ok) return "retry";
  channels.reservoir ??= new Map();
  await passSharedRate({ db, rates: channels.rates, reservoir: channels.reservoir }, "email");
  const domain = sender.senderEmail.slice(sender.senderEmail.lastIndexOf("@") + 1);
  const messageId = `<${randomBytes(16).toString("hex")}@${domain}>`;
  const raw = buildMime({
    from: { name: sender.name, address: sender.senderEmail },
    to: { address: to.address },
    ...(sender.replyTo ? { replyTo: { address: sender.replyTo } } : {}),
    subject: text.subject,
    date: new Date(),
    messageId,
    language: to.language,
    text: `${text.paragraphs.join("\n\n")}\n`,
    html: emailHtml(text.paragraphs, to.language),
    headers,
    ...(sender.dkim ? { dkim: sender.dkim } : {}),
  });
  let outcome: Outcome = "retry";
  try {
    const receipt = await channels.email.send({
      raw,
      envelope: { from: channels.bounceAddress ?? sender.senderEmail, to: to.address },
      messageId,
    });
    outcome = receipt.outcome === "sent" ? "sent" : receipt.outcome === "deferred" ? "retry" : "failed";
  } finally {
    if (slot?.ok)
      await channels.domains?.release(
        slot.group,
        outcome === "sent" ? "sent" : outcome === "retry" ? "deferred" : "rejected",
      );
  }
  return outcome;
}

/** Sends the codes of subscriptions waiting for their confirmation e-mail; how many went out. */
async function sendConfirmations(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  cache: Cache,
  options: UpdateMailOptions,
): Promise<number> {
  const due = await updateSubscriptions.claimConfirmations(ctx.db, ctx.keys, {
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
  });
  let sent = 0;
  for (const item of due) {
    let outcome: Outcome = "retry";
    try {
      const mail = await breachMail(ctx, cache, item.breachId);
      if (!mail) outcome = "failed";
      else if (channels.email && mail.sender) {
        const code = confirmationCode();
        const ttl = SUBSCRIPTION_LIMITS.codeTtlMs;
        // The code's hash first, so the code works the moment it arrives; a replaced request sends nothing.
        if (!(await updateSubscriptions.setCode(ctx.db, ctx.keys, item, code, new Date(Date.now() + ttl))))
          continue;
        const text = confirmationText({
          organisationName: mail.organisationName,
          portal: portalOf(ctx.publicUrl),
          code,
          hours: Math.round(ttl / 3600_000),
        });
        outcome = await send(ctx.db, channels, mail, { address: item.email, language: item.language }, text);
      }
    } catch (error) {
      channels.log?.(
        "warn",
        { subscription: item.id, error: (error as Error).name },
        "confirmation not sent",
      );
    }
    if (outcome === "retry") await updateSubscriptions.retryConfirmation(ctx.db, item.id, 60_000);
    else await updateSubscriptions.confirmationDone(ctx.db, item.id, item.sealed);
    if (outcome === "sent") sent++;
  }
  return sent;
}

type UpdateCache = Map<string, Promise<BreachUpdate | undefined>>;

function updateOf(ctx: OperationContext, cache: UpdateCache, mail: BreachMail, updateId: string) {
  let found = cache.get(updateId);
  if (!found) {
    found = breachUpdates.get(ctx.db, mail.breach.organisationId, mail.breach.id, updateId);
    cache.set(updateId, found);
  }
  return found;
}

/**
 * A mailing's code for "Is dit bericht echt?": derived from the mailing with a keyed hash, so a retry after a
 * crash prints the same code as the first try, and nobody without the key can predict one.
 */
function verificationCodeOf(ctx: OperationContext, mailingId: number): string {
  return codeFromSeed(
    Buffer.from(ctx.keys.lookupHash("verification-seed", `update-mailing:${mailingId}`), "hex"),
  );
}

async function sendMailing(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  caches: { breaches: Cache; updates: UpdateCache },
  mailing: ClaimedMailing,
): Promise<Outcome> {
  const mail = await breachMail(ctx, caches.breaches, mailing.breachId);
  const update = mail ? await updateOf(ctx, caches.updates, mail, mailing.updateId) : undefined;
  if (!mail || !update?.publishedAt) return "failed";
  const base = ctx.publicUrl?.replace(/\/$/, "") ?? "http://localhost:3000";
  const text = updateText({
    organisationName: mail.organisationName,
    portal: portalOf(ctx.publicUrl),
    breachSlug: mail.breach.pageSlug ?? mail.breach.slug,
    title: update.title,
    body: update.body,
    verificationCode: verificationCodeOf(ctx, mailing.id),
  });
  // RFC 8058: a mail program's "unsubscribe" button POSTs to this address; the token is the only key.
  return send(ctx.db, channels, mail, { address: mailing.email, language: mailing.language }, text, {
    "List-Unsubscribe": `<${base}/afmelden/${mailing.unsubscribeToken}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  });
}

/** This process's name on the notices it claims: a restarted process must not finish its predecessor's. */
const NOTICE_WORKER = `update-mail:${randomBytes(6).toString("hex")}`;

async function sendAddressNotice(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  cache: Cache,
  notice: ClaimedEmailNotice,
): Promise<Outcome> {
  const mail = await breachMail(ctx, cache, notice.breachId);
  const victim = await victims.get(ctx.db, ctx.keys, notice.victimId);
  if (!mail || !victim?.email || victim.contactPurged) return "failed";
  const choice = await victimChoices.get(ctx.db, ctx.keys, notice.victimId);
  // From a keyed hash of the request, so a retry after a crash carries the same code.
  const code = codeFromSeed(
    Buffer.from(ctx.keys.lookupHash("verification-seed", `portal-notice:${notice.id}`), "hex"),
  );
  const digest = ctx.keys.lookupHash("verification-code", canonicalCode(code));
  if (!(await portalLetters.setNoticeDigest(ctx.db, NOTICE_WORKER, notice.id, digest))) return "retry";
  const day = (choice?.addressConfirmedAt ?? notice.createdAt).toISOString().slice(0, 10);
  const text = addressChangedText({
    organisationName: mail.organisationName,
    portal: portalOf(ctx.publicUrl),
    newPostcode: choice?.address ? maskPostcode(choice.address.postcode) : "***",
    changedOn: { nl: formatDate(day, "nl"), en: formatDate(day, "en") },
    phone: mail.sender?.phone,
    verificationCode: code,
  });
  return send(ctx.db, channels, mail, { address: victim.email, language: notice.language }, text);
}

/** E-mails the address-change notices of people who had no postal address before; how many went out. */
async function sendAddressNotices(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  cache: Cache,
  options: UpdateMailOptions,
): Promise<number> {
  if (!channels.email) return 0;
  const claimed = await portalLetters.claimEmailNotices(ctx.db, {
    worker: NOTICE_WORKER,
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
  });
  let sent = 0;
  for (const notice of claimed) {
    let outcome: Outcome;
    try {
      outcome = await sendAddressNotice(ctx, channels, cache, notice);
    } catch (error) {
      channels.log?.("warn", { request: notice.id, error: (error as Error).name }, "notice not e-mailed");
      outcome = "retry";
    }
    if (outcome === "retry" && notice.attempts >= (options.maxAttempts ?? 5)) outcome = "failed";
    if (outcome === "retry") {
      await portalLetters.retryLater(ctx.db, NOTICE_WORKER, notice.id, 60_000);
      continue;
    }
    if (await portalLetters.finish(ctx.db, NOTICE_WORKER, notice.id, outcome === "sent" ? "sent" : "failed"))
      await audit.append(ctx.db, ctx.keys, {
        actor: "system:update-mail",
        action: outcome === "sent" ? "portal.notice-emailed" : "portal.notice-failed",
        subject: notice.id,
        details: { breach: notice.breachId, victim: notice.victimId, kind: "address-changed" },
      });
    if (outcome === "sent") sent++;
  }
  return sent;
}

/** Sends claimed mailings and records them in one go; how many were sent. */
async function sendMailings(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  cache: Cache,
  options: UpdateMailOptions,
): Promise<number> {
  const claimed = await updateMailings.claimMailings(ctx.db, ctx.keys, {
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
  });
  await updateMailings.setMailingDigests(
    ctx.db,
    claimed.map((mailing) => ({
      id: mailing.id,
      digest: ctx.keys.lookupHash("verification-code", canonicalCode(verificationCodeOf(ctx, mailing.id))),
    })),
  );
  const caches = { breaches: cache, updates: new Map() as UpdateCache };
  const done: { id: number; status: "sent" | "failed" }[] = [];
  for (const mailing of claimed) {
    let outcome: Outcome;
    try {
      outcome = await sendMailing(ctx, channels, caches, mailing);
    } catch (error) {
      channels.log?.("warn", { mailing: mailing.id, error: (error as Error).name }, "update e-mail not sent");
      outcome = "retry";
    }
    if (outcome === "retry" && mailing.attempts >= (options.maxAttempts ?? 5)) outcome = "failed";
    if (outcome === "retry") await updateMailings.retryMailing(ctx.db, mailing.id, 60_000);
    else done.push({ id: mailing.id, status: outcome });
  }
  await updateMailings.finishMailings(ctx.db, done);
  return done.filter((d) => d.status === "sent").length;
}

/**
 * One round: confirmations, one fan-out step, one batch of mailings. Returns how much it did (0: nothing was
 * waiting), so a loop can go on at once while work remains.
 */
export async function sendUpdateMail(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  options: UpdateMailOptions = {},
): Promise<number> {
  // Unconfirmed requests older than a week and yesterday's counters go, at most once a minute per process.
  if (Date.now() >= nextSweep) {
    nextSweep = Date.now() + 60_000;
    await updateSubscriptions.sweep(ctx.db, 7 * DAY_MS);
  }
  const cache: Cache = new Map();
  const confirmations = await sendConfirmations(ctx, channels, cache, options);
  const queued = (await updateMailings.expandFanout(ctx.db, options.fanoutBatch ?? 5_000)) ?? 0;
  const sent = await sendMailings(ctx, channels, cache, options);
  const notices = await sendAddressNotices(ctx, channels, cache, options);
  return confirmations + queued + sent + notices;
}

/** Runs rounds every `everyMs` (default 2 s) until stopped; a failing round is reported and tried again. */
export function startUpdateMailWorker(
  ctx: OperationContext,
  channels: UpdateMailChannels,
  options: UpdateMailOptions & { everyMs?: number; onError?: (error: Error) => void } = {},
): PollingWorker {
  return startPollingWorker(() => sendUpdateMail(ctx, channels, options), {
    everyMs: options.everyMs ?? 2_000,
    onError: options.onError,
  });
}
