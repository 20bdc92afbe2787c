/**
 * What one delivery is known by outside the platform: the key in its Message-ID, the reference printed on a
 * letter or sent with a text, and a keyed hash of the address it went to. All are derived from the keyring and
 * the delivery (campaign and person), so they are unique per campaign, cannot be guessed from outside, and are
 * the same when the same delivery is sent again after a crash (the receiver then recognises the duplicate).
 */
import { emailLookupKey, phoneLookupKey, type SendChannel } from "../core/index.ts";
import type { Keyring } from "../store/index.ts";

/** Letters people can read out on the phone: no 0/O, 1/I/L. */
const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/** 12 characters of a 31-letter alphabet: about 59 bits, so 6 million letters of one campaign do not collide. */
const REFERENCE_LENGTH = 12;

export interface DeliveryIdentifiers {
  /** Goes into the message id, and so into the e-mail's Message-ID. */
  messageKey: string;
  /** `LW-XXXX-XXXX-XXXX`: printed on letters, sent as a text's reference, matched by returns and reports. */
  reference: string;
}

export function deliveryIdentifiers(
  keys: Keyring,
  campaignId: string,
  victimId: number,
): DeliveryIdentifiers {
  const digest = Buffer.from(keys.lookupHash("delivery-key", `${campaignId}:${victimId}`), "hex");
  let reference = "";
  for (let i = 0; i < REFERENCE_LENGTH; i++) {
    // Two bytes per letter keep the modulo bias below 0.05 %.
    const value = digest.readUInt16BE(2 * i);
    reference += REFERENCE_ALPHABET[value % REFERENCE_ALPHABET.length];
  }
  return {
    messageKey: digest.subarray(24, 32).toString("hex"),
    reference: `LW-${reference.slice(0, 4)}-${reference.slice(4, 8)}-${reference.slice(8)}`,
  };
}

/**
 * The form an address is compared in: the core's look-up keys (the ones victims are found by), a letter not at
 * all. For the addresses messages go to (normalised at import) these are the lower-cased address and the E.164
 * number, as before they were shared.
 */
function canonicalRecipient(channel: SendChannel, address: string): string | null {
  if (channel === "email") return emailLookupKey(address);
  if (channel === "sms") return phoneLookupKey(address);
  return null;
}

/** Keyed hash of the address a message goes to: a bounce is applied only when it names the same one. */
export function recipientHash(keys: Keyring, channel: SendChannel, address: string): string | null {
  const canonical = canonicalRecipient(channel, address);
  return canonical ? keys.lookupHash("delivery-recipient", `${channel}:${canonical}`) : null;
}

/**
 * The same hash under every key in the ring: a bounce or report that arrives after a key rotation, for a
 * message sent before it, names the address its row was stored with under the old key.
 */
export function recipientHashesUnderEveryKey(keys: Keyring, channel: SendChannel, address: string): string[] {
  const canonical = canonicalRecipient(channel, address);
  return canonical ? keys.lookupHashes("delivery-recipient", `${channel}:${canonical}`) : [];
}
