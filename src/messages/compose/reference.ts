/** The reference printed on letters and matched by returned mail: short, deterministic, easy to read out. */

/**
 * The reference printed on letters: short, deterministic per breach and person, easy to read out. Not a
 * secret (the verification code is); two FNV-1a hashes with different seeds keep it cheap for big batches.
 */
export function referenceFor(breachId: string, victimId: string): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const text = `${breachId}\u0000${victimId}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  let out = "";
  for (let i = 0; i < 4; i++) {
    out += alphabet[(a >>> (i * 8)) % alphabet.length];
  }
  for (let i = 0; i < 4; i++) {
    out += alphabet[(b >>> (i * 8)) % alphabet.length];
  }
  return `LW-${out.slice(0, 4)}-${out.slice(4)}`;
}
