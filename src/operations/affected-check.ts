/**
 * "Am I affected?" (issue 16, item 4), the question side: a person types an e-mail address or a mobile number
 * on a breach's public page and the answer travels only to that address or number. There is no actor, as for
 * "is this message genuine?": the question opens nothing on screen.
 *
 * Privacy by construction: `askAffected` does the same work for everyone — read the address, count it under
 * its keyed hash, seal it, store one job row — and never looks in the breach's file. Only the worker
 * (`affected-answer.ts`) looks the hash up in `victims`, later, and writes to the address. So no status, body,
 * header, size or timing of the web answer can depend on whether the person is in the file. Limits per
 * network and overall are the door's job (web/pages/affected-check.ts), and like the per-address limit here
 * they change only whether something is sent, never what the page says.
 */
import { type Language, normaliseEmailAddress, normalisePhoneNumber } from "../core/index.ts";
import { type AffectedCheckChannel, affectedChecks } from "../store/index.ts";
import type { OperationContext } from "./context.ts";

export interface AffectedCheckLimits {
  /** Answers per address (per keyed hash) per breach per day; more questions are answered on screen only. */
  perAddressPerDay: number;
  /** Texts one breach may send per day: "send me a code" forms are a favourite of SMS-pumping fraud. */
  smsPerDay: number;
}

export const AFFECTED_CHECK_LIMITS: AffectedCheckLimits = { perAddressPerDay: 3, smsPerDay: 500 };

/**
 * Dutch mobile numbers only (06…, +316…): the organisation's profile names no other countries it serves, and
 * texts to landlines or premium ranges abroad are what SMS pumping earns its money with.
 */
const TEXTABLE = /^\+316[1-58]\d{7}$/;

export type ReadAddress =
  | { ok: true; channel: AffectedCheckChannel; address: string }
  | { ok: false; problem: "empty" | "not-an-address" | "not-mobile" };

/** What the person typed: an e-mail address (it has an @) or a Dutch mobile number, in its look-up form. */
export function readAddress(typed: string): ReadAddress {
  const value = typed.trim();
  if (value === "") return { ok: false, problem: "empty" };
  if (value.includes("@")) {
    const email = normaliseEmailAddress(value);
    // The look-up form (emailLookupKey): lower case, so the hash matches the victims' index.
    return email.ok
      ? { ok: true, channel: "email", address: email.value.toLowerCase() }
      : { ok: false, problem: "not-an-address" };
  }
  const phone = normalisePhoneNumber(value, "NL");
  if (!phone.ok) return { ok: false, problem: "not-an-address" };
  if (!TEXTABLE.test(phone.value.e164)) return { ok: false, problem: "not-mobile" };
  return { ok: true, channel: "sms", address: phone.value.e164 };
}

/** The breach a public page names, or undefined (unknown, a draft, or a slug two organisations share). */
export async function publicBreach(ctx: OperationContext, slug: string) {
  return affectedChecks.publicBreachBySlug(ctx.db, slug);
}

/**
 * `sent`: the page says "if you are in the file, a message comes; if not, a confirmation" — also when a limit
 * stopped the message, so limits reveal nothing. `sms-unavailable`: no texts today (budget spent or no SMS
 * gateway), the same for everyone: use an e-mail address.
 */
export type AffectedAsk = "sent" | "sms-unavailable";

export interface AskAffectedInput {
  breachId: string;
  channel: AffectedCheckChannel;
  address: string;
  language: Language;
  /** Whether this installation can send texts at all. */
  smsEnabled: boolean;
  limits?: Partial<AffectedCheckLimits>;
}

/** Stores the question for the worker within the limits; the same work whoever asks. */
export async function askAffected(ctx: OperationContext, input: AskAffectedInput): Promise<AffectedAsk> {
  const limits = { ...AFFECTED_CHECK_LIMITS, ...input.limits };
  if (input.channel === "sms" && !input.smsEnabled) return "sms-unavailable";
  const outcome = await affectedChecks.enqueue(ctx.db, ctx.keys, {
    breachId: input.breachId,
    channel: input.channel,
    address: input.address,
    language: input.language,
    perAddressPerDay: limits.perAddressPerDay,
    smsPerDay: limits.smsPerDay,
  });
  return outcome === "sms-budget" ? "sms-unavailable" : "sent";
}

/** Whether texts can be sent for this breach today (the page offers the phone field only then). */
export async function smsAvailable(
  ctx: OperationContext,
  breachId: string,
  smsEnabled: boolean,
  limits?: Partial<AffectedCheckLimits>,
): Promise<boolean> {
  if (!smsEnabled) return false;
  const { smsPerDay } = { ...AFFECTED_CHECK_LIMITS, ...limits };
  return !(await affectedChecks.smsBudgetSpent(ctx.db, breachId, smsPerDay));
}
