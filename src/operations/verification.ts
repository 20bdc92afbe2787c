/**
 * "Is this message genuine?": a person types the verification code from a letter, e-mail or text. There is no
 * actor: the code itself is the key, and what it opens is only what the message itself already told its
 * reader (when, how, from whom, to which address, about what), with the address masked. Rate limits are the
 * door's job (web/pages/verify-message.ts).
 */
import { canonicalCode, type Language, normaliseCode, type SendChannel } from "../core/index.ts";
import { type CheckedRecipient, checkedMessages } from "../store/index.ts";
import type { OperationContext } from "./context.ts";

export interface GenuineMessage {
  sentAt: Date | null;
  channel: SendChannel | null;
  organisationName: string;
  /**
   * What the message was about, per language of the page that shows it: in Dutch the breach's title (the
   * organisation's own words, entered in Dutch only), in English "Data breach at {organisation}".
   */
  about: Record<Language, string>;
  /** The address or number it went to, masked (`j***@g***.nl`, `+31 6 ****** 78`, postcode digits); null when gone. */
  maskedAddress: string | null;
}

export type MessageCheck =
  | { found: true; message: GenuineMessage }
  /**
   * `typo`: a character was mistyped (the check character disagrees) or one that codes never hold was typed
   * (0, O, 1, I, L are left out of the alphabet because people confuse them), so the page asks to check it.
   */
  | { found: false; typo: boolean };

/** `jan@gmail.nl` → `j***@g***.nl`: enough for the owner to recognise, too little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${email.charAt(0)}***@${domain.charAt(0)}***${tld}`;
}

/** `+31612345678` → `+31 6 ****** 78`: the country, the first digit and the last two. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const match = /^(31|32|49|33|44|1)(\d)(\d*)(\d{2})$/.exec(digits);
  if (!match) return `****** ${digits.slice(-2)}`;
  return `+${match[1]} ${match[2]} ${"*".repeat(match[3]?.length ?? 0)} ${match[4]}`;
}

/** A postal address shows only the digits of its postcode: `1234 **`. */
export function maskPostcode(postcode: string): string {
  const digits = postcode.replace(/\D/g, "");
  return digits ? `${digits} **` : "***";
}

function asChannel(channel: string | null): SendChannel | null {
  return channel === "email" || channel === "sms" || channel === "letter" ? channel : null;
}

function maskedAddressOf(recipient: CheckedRecipient | null, channel: SendChannel | null): string | null {
  if (!recipient) return null;
  if (channel === "email" && recipient.email) return maskEmail(recipient.email);
  if (channel === "sms" && recipient.phone) return maskPhone(recipient.phone);
  if (channel === "letter" && recipient.address?.postcode) return maskPostcode(recipient.address.postcode);
  return null;
}

/** Looks up a typed verification code however it was typed (case, spaces, dashes). */
export async function checkMessage(ctx: OperationContext, typed: string): Promise<MessageCheck> {
  const normalised = normaliseCode(typed);
  if (!normalised.ok) return { found: false, typo: normalised.reason !== "length" };
  // Under every key in the ring, current first: a message sent before a key rotation still checks out.
  let row: Awaited<ReturnType<typeof checkedMessages.findByDigest>>;
  for (const digest of ctx.keys.lookupHashes("verification-code", canonicalCode(normalised.code))) {
    row = await checkedMessages.findByDigest(ctx.db, ctx.keys, digest);
    if (row) break;
  }
  if (!row) return { found: false, typo: false };
  const channel = asChannel(row.channel);
  return {
    found: true,
    message: {
      sentAt: row.sentAt,
      channel,
      organisationName: row.organisationName,
      about: { nl: row.breachTitle, en: `Data breach at ${row.organisationName}` },
      maskedAddress: maskedAddressOf(row.recipient, channel),
    },
  };
}
