/**
 * Update e-mails on "Mijn plan": a victim subscribes an address (it may differ from the one in the file) and
 * confirms it with the short code e-mailed to it (double opt-in), or unsubscribes at once. As everywhere on
 * the plan, the victim is the actor and the session's victim id the only key: no route takes a subscription
 * id. Limits: a few requests per victim and per address per day (an attacker with a session cannot flood
 * someone's mailbox), a few wrong codes per request. The audit log records each step with the victim id,
 * never the address. The one-click unsubscribe of the e-mails themselves (RFC 8058) needs no session: its
 * token is the key, and it ends that address's subscriptions to the breach.
 */
import { CODE_ALPHABET, type Language, normaliseEmailAddress } from "../core/index.ts";
import { audit, type SubscriptionLimits, transaction, updateSubscriptions, victims } from "../store/index.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { maskEmail } from "./verification.ts";

export const SUBSCRIPTION_LIMITS: SubscriptionLimits & { maxWrongCodes: number; codeTtlMs: number } = {
  perVictimPerDay: 3,
  perAddressPerDay: 3,
  maxWrongCodes: 5,
  codeTtlMs: 24 * 3600_000,
};

const PORTAL_ACTOR = "portal:victim";

/** The confirmation code as people type it: capitals, spaces and dashes do not matter. */
export function canonicalConfirmationCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, "");
}

/** A code is 8 characters of the personal codes' alphabet (≈ 40 bits: five tries cannot guess it). */
export const CONFIRMATION_CODE = new RegExp(`^[${CODE_ALPHABET}]{8}$`);

export type SubscriptionView =
  | { status: "none" }
  | { status: "pending"; email: string; codeSent: boolean }
  | { status: "confirmed"; email: string };

/** The victim's subscription as the page shows it: the address masked (`j***@g***.nl`). */
export async function subscriptionOf(ctx: OperationContext, victimId: number): Promise<SubscriptionView> {
  const state = await updateSubscriptions.stateOf(ctx.db, ctx.keys, victimId);
  if (state.status === "none") return state;
  return state.status === "pending"
    ? { status: "pending", email: maskEmail(state.email), codeSent: state.codeSent }
    : { status: "confirmed", email: maskEmail(state.email) };
}

export type SubscribeResult = "queued" | "subscribed" | "limit" | "invalid-email";

async function liveVictim(ctx: OperationContext, victimId: number) {
  const victim = await victims.get(ctx.db, ctx.keys, victimId);
  if (!victim || victim.contactPurged) throw new OperationProblem("not-found", "This plan is not available.");
  return victim;
}

/**
 * Stores a pending subscription for the typed address and lets the worker e-mail its code. Over a limit
 * nothing is stored and `limit` comes back (the page says to try again tomorrow).
 */
export async function subscribeToUpdates(
  ctx: OperationContext,
  victimId: number,
  input: { email: string; language: Language },
): Promise<SubscribeResult> {
  const email = normaliseEmailAddress(input.email.trim().slice(0, 320));
  if (!email.ok) return "invalid-email";
  const victim = await liveVictim(ctx, victimId);
  return transaction(ctx.db, async (tx) => {
    const outcome = await updateSubscriptions.request(tx, ctx.keys, {
      victimId: victim.id,
      email: email.value.toLowerCase(),
      language: input.language,
      limits: SUBSCRIPTION_LIMITS,
    });
    if (outcome === "no-victim") throw new OperationProblem("not-found", "This plan is not available.");
    if (outcome !== "queued") return outcome === "subscribed" ? "subscribed" : "limit";
    await audit.append(tx, ctx.keys, {
      actor: PORTAL_ACTOR,
      action: "portal.updates-subscription-requested",
      subject: String(victim.id),
      details: { breach: victim.breachId },
    });
    return "queued";
  });
}

export type ConfirmResult = "confirmed" | "wrong" | "expired" | "too-many" | "none" | "empty";

/** Confirms the victim's pending subscription with the typed code. */
export async function confirmUpdateSubscription(
  ctx: OperationContext,
  victimId: number,
  typed: string,
  now = new Date(),
): Promise<ConfirmResult> {
  const code = canonicalConfirmationCode(typed.slice(0, 40));
  if (code === "") return "empty";
  const victim = await liveVictim(ctx, victimId);
  return transaction(ctx.db, async (tx) => {
    // A code that cannot be one still counts as a wrong try: it is a guess like any other.
    const outcome = await updateSubscriptions.confirm(tx, ctx.keys, {
      victimId: victim.id,
      code: CONFIRMATION_CODE.test(code) ? code : "-",
      maxWrong: SUBSCRIPTION_LIMITS.maxWrongCodes,
      now,
    });
    if (outcome === "confirmed")
      await audit.append(tx, ctx.keys, {
        actor: PORTAL_ACTOR,
        action: "portal.updates-subscribed",
        subject: String(victim.id),
        details: { breach: victim.breachId },
      });
    return outcome;
  });
}

/** Ends the victim's subscription at once (no confirmation); whether there was one. */
export async function unsubscribeFromUpdates(ctx: OperationContext, victimId: number): Promise<boolean> {
  const victim = await liveVictim(ctx, victimId);
  return transaction(ctx.db, async (tx) => {
    const ended = await updateSubscriptions.cancel(tx, victim.id);
    if (ended)
      await audit.append(tx, ctx.keys, {
        actor: PORTAL_ACTOR,
        action: "portal.updates-unsubscribed",
        subject: String(victim.id),
        details: { breach: victim.breachId },
      });
    return ended;
  });
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * One-click unsubscribe (RFC 8058) by the token in an update e-mail's List-Unsubscribe header: ends every
 * subscription of that address to that breach. An unknown or used token changes nothing; the caller answers
 * the same either way, so the answer tells nobody whether a token was ever valid.
 */
export async function unsubscribeByToken(ctx: OperationContext, token: string): Promise<boolean> {
  if (!TOKEN.test(token)) return false;
  return transaction(ctx.db, async (tx) => {
    const ended = await updateSubscriptions.unsubscribeByToken(tx, token);
    if (!ended) return false;
    for (const victimId of ended.victimIds)
      await audit.append(tx, ctx.keys, {
        actor: "mail:one-click-unsubscribe",
        action: "portal.updates-unsubscribed",
        subject: String(victimId),
        details: { breach: ended.breachId },
      });
    return true;
  });
}
