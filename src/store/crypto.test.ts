import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, DecryptionError, secretProblem } from "./crypto.ts";

describe("keyring", () => {
  const keys = createKeyring(randomBytes(32));

  it("round-trips text, including non-ASCII, with a fresh IV each time", () => {
    const plain = "Zoë van der Meer <zoë@example.nl>";
    const a = keys.seal(plain, "ctx");
    const b = keys.seal(plain, "ctx");
    expect(a).not.toBe(b);
    expect(a).not.toContain("example");
    expect(keys.open(a, "ctx")).toBe(plain);
    expect(keys.sealedKeyId(a)).toBe(keys.keyId);
  });

  it("refuses a sealed value that was altered", () => {
    const parts = keys.seal("jan@example.nl", "ctx").split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => keys.open(parts.join("."), "ctx")).toThrow(DecryptionError);
  });

  it("binds a sealed value to its context, and the key id to the value", () => {
    const sealed = keys.seal("jan@example.nl", "victim\u0000b1\u0000C1");
    expect(() => keys.open(sealed, "victim\u0000b1\u0000C2")).toThrow(DecryptionError);
    expect(() => keys.open(sealed, "victim\u0000b2\u0000C1")).toThrow(DecryptionError);
    const other = createKeyring(randomBytes(32));
    const renamed = sealed.replace(`.${keys.keyId}.`, `.${other.keyId}.`);
    expect(() =>
      createKeyring(randomBytes(32), [other.secrets[0] as Buffer]).open(renamed, "victim\u0000b1\u0000C1"),
    ).toThrow(DecryptionError);
  });

  it("looks up with the current key first and still finds hashes of previous keys", () => {
    const oldSecret = randomBytes(32);
    const before = createKeyring(oldSecret).lookupHash("email", "jan@example.nl");
    const rotated = createKeyring(randomBytes(32), [oldSecret]);
    expect(rotated.lookupHash("email", "jan@example.nl")).not.toBe(before);
    expect(rotated.lookupHashes("email", "jan@example.nl")).toEqual([
      rotated.lookupHash("email", "jan@example.nl"),
      before,
    ]);
    expect(rotated.flagTokens("b1", "minor")[1]).toBe(createKeyring(oldSecret).flagToken("b1", "minor"));
  });

  it("names an unknown key id, and opens old data after a rotation", () => {
    const oldSecret = randomBytes(32);
    const old = createKeyring(oldSecret);
    const sealed = old.seal("+31612345678", "ctx");
    expect(() => createKeyring(randomBytes(32)).open(sealed, "ctx")).toThrow(`Unknown key id "${old.keyId}"`);
    const withPrevious = createKeyring(randomBytes(32), [oldSecret]);
    expect(withPrevious.open(sealed, "ctx")).toBe("+31612345678");
    expect(withPrevious.keyId).not.toBe(old.keyId);
    expect(withPrevious.keyIds).toEqual([withPrevious.keyId, old.keyId]);
  });

  it("keeps look-up hashes and flag tokens apart per kind, breach and secret", () => {
    const other = createKeyring(randomBytes(32));
    expect(keys.lookupHash("email", "a@b.nl")).toBe(keys.lookupHash("email", "a@b.nl"));
    expect(keys.lookupHash("email", "a@b.nl")).not.toBe(keys.lookupHash("phone", "a@b.nl"));
    expect(keys.lookupHash("email", "a@b.nl")).not.toBe(other.lookupHash("email", "a@b.nl"));
    expect(keys.flagToken("b1", "minor")).not.toBe(keys.flagToken("b2", "minor"));
    expect(keys.flagToken("b1", "minor")).not.toBe(keys.flagToken("b1", "deceased"));
  });

  it("computes standard HMAC-SHA-256 under the derived look-up key", () => {
    const secret = randomBytes(32);
    const key = Buffer.from(hkdfSync("sha256", secret, "lekwijzer", "lookup-index", 32));
    const expected = createHmac("sha256", key).update("email\u0000jan@example.nl").digest("hex");
    expect(createKeyring(secret).lookupHash("email", "jan@example.nl")).toBe(expected);
  });

  it("rejects a short, all-zero or patterned secret", () => {
    expect(() => createKeyring(randomBytes(16))).toThrow(/at least 32 bytes/);
    expect(() => createKeyring(Buffer.alloc(32))).toThrow(/too little variety/);
    expect(() => createKeyring(Buffer.from("0123456789".repeat(4)))).toThrow(/too little variety/);
    expect(() => createKeyring(randomBytes(32), [Buffer.alloc(32, 7)])).toThrow(/Previous secret 1/);
    expect(secretProblem(randomBytes(32))).toBeUndefined();
  });
});
