import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createFieldCrypto,
  DecryptionError,
  generatePersonalCode,
  normaliseEmail,
  normalisePersonalCode,
  normalisePhone,
  PERSONAL_CODE_ALPHABET,
} from "./crypto.ts";

describe("field encryption", () => {
  const crypto = createFieldCrypto(randomBytes(32));

  it("round-trips text, including non-ASCII, with a fresh IV each time", () => {
    const plain = "Zoë van der Meer <zoë@example.nl>";
    const a = crypto.encrypt(plain);
    const b = crypto.encrypt(plain);
    expect(a).not.toBe(b);
    expect(a).not.toContain("example");
    expect(crypto.decrypt(a)).toBe(plain);
    expect(a.split(".")[1]).toBe(crypto.keyId);
  });

  it("refuses a ciphertext that was altered", () => {
    const parts = crypto.encrypt("jan@example.nl").split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => crypto.decrypt(parts.join("."))).toThrow(DecryptionError);
  });

  it("binds a ciphertext to its field", () => {
    const email = crypto.encrypt("jan@example.nl", "victims.email");
    expect(crypto.decrypt(email, "victims.email")).toBe("jan@example.nl");
    expect(() => crypto.decrypt(email, "victims.phone")).toThrow(DecryptionError);
    expect(() => crypto.decrypt(email)).toThrow(DecryptionError);
  });

  it("keeps look-up hashes stable across a key rotation", () => {
    const oldSecret = randomBytes(32);
    const before = createFieldCrypto(oldSecret).lookupHash("email", "jan@example.nl");
    const after = createFieldCrypto(randomBytes(32), [oldSecret]).lookupHash("email", "jan@example.nl");
    expect(after).toBe(before);
  });

  it("names an unknown key id, and decrypts old data after a rotation", () => {
    const oldSecret = randomBytes(32);
    const old = createFieldCrypto(oldSecret);
    const ciphertext = old.encrypt("+31612345678");
    const rotated = createFieldCrypto(randomBytes(32));
    expect(() => rotated.decrypt(ciphertext)).toThrow(`Unknown key id "${old.keyId}"`);
    const withKeyring = createFieldCrypto(randomBytes(32), [oldSecret]);
    expect(withKeyring.decrypt(ciphertext)).toBe("+31612345678");
    expect(withKeyring.keyId).not.toBe(old.keyId);
  });

  it("keeps look-up hashes apart per kind and per secret", () => {
    const other = createFieldCrypto(randomBytes(32));
    expect(crypto.lookupHash("email", "a@b.nl")).toBe(crypto.lookupHash("email", "a@b.nl"));
    expect(crypto.lookupHash("email", "a@b.nl")).not.toBe(crypto.lookupHash("phone", "a@b.nl"));
    expect(crypto.lookupHash("email", "a@b.nl")).not.toBe(other.lookupHash("email", "a@b.nl"));
  });

  it("computes standard HMAC-SHA-256 under the derived look-up key", () => {
    const secret = randomBytes(32);
    const key = Buffer.from(hkdfSync("sha256", secret, "lekwijzer", "lookup-index", 32));
    const expected = createHmac("sha256", key).update("email\u0000jan@example.nl").digest("hex");
    expect(createFieldCrypto(secret).lookupHash("email", "jan@example.nl")).toBe(expected);
  });

  it("rejects a short master secret", () => {
    expect(() => createFieldCrypto(randomBytes(16))).toThrow(/at least 32 bytes/);
  });
});

describe("normalisers", () => {
  it("normalises e-mail addresses", () => {
    expect(normaliseEmail("  Jan.Jansen@Example.NL ")).toBe("jan.jansen@example.nl");
    expect(normaliseEmail("not an address")).toBeNull();
  });

  it("turns Dutch and international phone numbers into E.164", () => {
    expect(normalisePhone("06-1234 5678")).toBe("+31612345678");
    expect(normalisePhone("+31 (0)6 12345678")).toBe("+31612345678");
    expect(normalisePhone("0031612345678")).toBe("+31612345678");
    expect(normalisePhone("020 123 4567")).toBe("+31201234567");
    expect(normalisePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("12")).toBeNull();
    expect(normalisePhone("call me")).toBeNull();
  });
});

describe("personal codes", () => {
  it("have at least 60 bits in a readable alphabet", () => {
    const code = generatePersonalCode();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{5}$/);
    const symbols = normalisePersonalCode(code);
    expect(symbols.length * Math.log2(PERSONAL_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
    for (const ch of symbols) expect(PERSONAL_CODE_ALPHABET).toContain(ch);
    expect(PERSONAL_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("are read back whatever the case or spacing", () => {
    expect(normalisePersonalCode("k7qx - m3pa-9rtwb")).toBe("K7QXM3PA9RTWB");
  });
});
