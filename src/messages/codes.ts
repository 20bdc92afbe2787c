/**
 * Verification codes on messages ("is this message genuine?") and the personal codes messages print. The code
 * format itself is `src/core/codes.ts`, shared with the store, which issues personal codes; this module adds
 * the message-side names and the keyed digest. Store only hashes, never the code.
 */
import { createHmac } from "node:crypto";
import { generateCode, normaliseCode } from "../core/index.ts";

export {
  CODE_ALPHABET,
  CODE_BITS,
  type CodeInput,
  canonicalCode,
  generatePersonalCode,
  normalisePersonalCode,
} from "../core/index.ts";

/** A new verification code for one message, e.g. `K7QX-M3PA-9RTW-XH4C`. */
export const generateVerificationCode = generateCode;
/** Reads a typed verification code; see `normaliseCode` in core. */
export const normaliseVerificationCode = normaliseCode;

/** What to store: a keyed hash of the grouped code, so a database leak does not reveal the codes. */
export function verificationCodeDigest(code: string, key: Buffer | string): string {
  const normalised = normaliseCode(code);
  if (!normalised.ok) throw new Error(`not a verification code (${normalised.reason})`);
  return createHmac("sha256", key).update(normalised.code).digest("hex");
}
