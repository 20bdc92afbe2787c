/**
 * A new postal address from My plan is used only after the person proves it reaches them: the letter to it
 * holds a short code (operations/portal-letters.ts), and typing that code on My plan, in a session of the
 * same victim, makes it the address for their later letters. Every try is counted before the code is
 * compared, in one statement, so parallel guesses cannot pass the limit; at the limit the request is
 * `refused`, after its expiry `expired`. The code is looked up only among the session's own victim's
 * requests, and its keyed hash covers the request and the victim: another victim's session cannot confirm it.
 * Once confirmed, the former address gets a notice (`noticeToFormerAddress`).
 */
import type { PostalAddress } from "../core/index.ts";
import {
  audit,
  type Executor,
  portalLetters,
  portalRequests,
  transaction,
  victimChoices,
  victims,
} from "../store/index.ts";
import type { OperationContext } from "./context.ts";
import { ADDRESS_CODE, addressCodeValue, normaliseAddressCode } from "./portal-letters.ts";
import { maskPostcode } from "./verification.ts";

export type AddressConfirmation =
  | { ok: true }
  /**
   * `format`: not a code (not counted); `wrong`: counted, `triesLeft` remain; `refused`: no tries left;
   * `expired`: too late; `none`: no new address is waiting for a code.
   */
  | { ok: false; reason: "format" | "wrong" | "refused" | "expired" | "none"; triesLeft?: number };

const PORTAL_ACTOR = "portal:victim";

/**
 * Whoever holds a person's personal code can ask for a new address and, living there, confirm it: so the
 * address letters went to until now (an earlier confirmed one, else the file's) gets a notice, written by the
 * letters worker, saying what changed and whom to call. A person without a former postal address gets it by
 * e-mail at the address in the file (the update e-mail worker sends it), when there is one. Returns whether a
 * notice was queued.
 */
async function noticeToFormerAddress(
  tx: Executor,
  ctx: OperationContext,
  victimId: number,
  newAddress: PostalAddress,
): Promise<boolean> {
  const victim = await victims.get(tx, ctx.keys, victimId);
  if (!victim || victim.contactPurged) return false;
  const former = (await victimChoices.get(tx, ctx.keys, victimId))?.address ?? victim.address;
  if (!former?.postcode) {
    if (!victim.email) return false;
    const emailed = await portalRequests.create(tx, ctx.keys, {
      victimId,
      kind: "address-changed",
      language: victim.language,
      channel: "email",
    });
    return emailed !== undefined;
  }
  if (sameAddress(former, newAddress)) return false;
  const created = await portalRequests.create(tx, ctx.keys, {
    victimId,
    kind: "address-changed",
    address: former,
    language: victim.language,
  });
  return created !== undefined;
}

function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  const key = (x: PostalAddress) =>
    [x.street, x.houseNumber, x.postcode, x.city]
      .map((v) => (v ?? "").replace(/\s+/g, "").toLowerCase())
      .join("|");
  return key(a) === key(b);
}

/** Checks the code the session's victim typed for their new address; the right one makes it their address. */
export async function confirmNewAddress(
  ctx: OperationContext,
  victimId: number,
  typed: string,
  now = new Date(),
): Promise<AddressConfirmation> {
  const code = normaliseAddressCode(typed.slice(0, 40));
  if (!code) return { ok: false, reason: "format" };
  const waiting = await portalLetters.awaitingCode(ctx.db, ctx.keys, victimId);
  if (!waiting) return { ok: false, reason: "none" };
  const entry = (action: string) => ({
    actor: PORTAL_ACTOR,
    action,
    subject: waiting.id,
    details: { breach: waiting.breachId, victim: victimId },
  });
  if (waiting.expiresAt.getTime() < now.getTime()) {
    await transaction(ctx.db, async (tx) => {
      if (await portalLetters.endAwaiting(tx, waiting.id, victimId, "expired"))
        await audit.append(tx, ctx.keys, entry("portal.address-expired"));
    });
    return { ok: false, reason: "expired" };
  }
  const tries = await portalLetters.takeTry(ctx.db, waiting.id, victimId, ADDRESS_CODE.tries);
  if (tries === undefined) return { ok: false, reason: "refused" };
  const right = ctx.keys
    .lookupHashes("address-confirmation", addressCodeValue(waiting.id, victimId, code))
    .includes(waiting.codeHmac);
  if (!right) {
    if (tries < ADDRESS_CODE.tries)
      return { ok: false, reason: "wrong", triesLeft: ADDRESS_CODE.tries - tries };
    await transaction(ctx.db, async (tx) => {
      if (await portalLetters.refuse(tx, waiting.id, victimId))
        await audit.append(tx, ctx.keys, entry("portal.address-refused"));
    });
    return { ok: false, reason: "refused" };
  }
  const confirmed = await transaction(ctx.db, async (tx) => {
    if (!(await portalLetters.endAwaiting(tx, waiting.id, victimId, "confirmed"))) return false;
    const notice = await noticeToFormerAddress(tx, ctx, victimId, waiting.address);
    await victimChoices.setAddress(tx, ctx.keys, {
      victimId,
      breachId: waiting.breachId,
      address: waiting.address,
    });
    await portalLetters.expireOthers(tx, victimId, waiting.id);
    const reopened = await portalLetters.reopenWithoutAddress(tx, victimId);
    await audit.append(tx, ctx.keys, {
      ...entry("portal.address-confirmed"),
      details: { breach: waiting.breachId, victim: victimId, reopenedLetters: reopened, notice },
    });
    return true;
  });
  return confirmed ? { ok: true } : { ok: false, reason: "none" };
}

/** The address letters go to now, and a new one waiting for its code, masked (postcode digits only). */
export interface LetterAddressState {
  /** Where letters go: the confirmed new address, else the file's; null when none is known. */
  current: { postcode: string; source: "file" | "confirmed"; confirmedAt: Date | null } | null;
  /** A new address whose letter went out and whose code is still to be typed. */
  waiting: { postcode: string; expiresAt: Date; triesLeft: number } | null;
}

const masked = (address: PostalAddress) => maskPostcode(address.postcode);

export async function letterAddressState(
  ctx: OperationContext,
  victimId: number,
  fileAddress: PostalAddress | null,
): Promise<LetterAddressState> {
  const [choice, waiting] = await Promise.all([
    victimChoices.get(ctx.db, ctx.keys, victimId),
    portalLetters.awaitingCode(ctx.db, ctx.keys, victimId),
  ]);
  const current = choice?.address
    ? {
        postcode: masked(choice.address),
        source: "confirmed" as const,
        confirmedAt: choice.addressConfirmedAt,
      }
    : fileAddress
      ? { postcode: masked(fileAddress), source: "file" as const, confirmedAt: null }
      : null;
  return {
    current,
    waiting: waiting
      ? {
          postcode: masked(waiting.address),
          expiresAt: waiting.expiresAt,
          triesLeft: Math.max(0, ADDRESS_CODE.tries - waiting.wrongAttempts),
        }
      : null,
  };
}
