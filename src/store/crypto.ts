/**
 * The keyring: sealing, keyed look-up hashes, flag tokens and the audit key, all derived from the master secret.
 *
 * Every key is derived from a secret with HKDF-SHA-256 under its own purpose, so knowing a look-up hash or an
 * audit hash never helps to decrypt. A key set is named by its id (a fingerprint of its encryption key). The
 * current secret makes everything new; previous secrets stay in the ring during a rotation so that old sealed
 * values still open and old look-up hashes and flag tokens are still found, until `lekwijzer reencrypt` has
 * moved every row to the current key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hash,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";

const FORMAT = "v2";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_BYTES = 32;
// 32 random bytes have about 30 distinct values; fewer than 16 means a pattern, a counter or a typo'd secret.
const MIN_DISTINCT_BYTES = 16;

export type LookupKind =
  | "email"
  | "phone"
  | "personal-code"
  | "staff-email"
  /** A console session's token (stored) and its form token (derived, never stored). */
  | "staff-session"
  | "staff-csrf"
  | "staff-reset"
  | "victim-row"
  | "verification-code"
  | "verification-seed"
  | "delivery-key"
  /** A contact-centre proof code (bound to its proof), read back by a caller. */
  | "contact-proof"
  | "delivery-recipient"
  | "address-confirmation"
  | "subscription-email"
  | "subscription-code"
  /** A client network, for the guessing budgets shared across server processes. */
  | "rate-network";

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "lekwijzer", purpose, 32));
}

/**
 * HMAC-SHA-256 from its definition with precomputed pads: two one-shot hashes are about three times faster
 * than a Hmac object per value, which matters when a million-row import is indexed.
 */
function hmacSha256(key: Buffer): (message: string) => string {
  const inner = Buffer.alloc(64, 0x36);
  const outer = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] ?? 0) ^ (key[i] ?? 0);
    outer[i] = (outer[i] ?? 0) ^ (key[i] ?? 0);
  }
  return (message) => {
    const innerHash = hash("sha256", Buffer.concat([inner, Buffer.from(message, "utf8")]), "buffer");
    return hash("sha256", Buffer.concat([outer, innerHash]), "hex");
  };
}

/** IVs drawn from a refilled pool: one CSPRNG call per 4,096 IVs instead of one per value. */
function ivSource(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + IV_BYTES > pool.length) {
      pool = randomBytes(IV_BYTES * 4096);
      offset = 0;
    }
    const iv = pool.subarray(offset, offset + IV_BYTES);
    offset += IV_BYTES;
    return iv;
  };
}

/** Why a secret is unfit, or undefined when it is fine. Never includes the secret. */
export function secretProblem(secret: Buffer): string | undefined {
  if (secret.length < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes`;
  if (new Set(secret).size < MIN_DISTINCT_BYTES)
    return "has too little variety to be random (all zeros, a repeated pattern or a counter): generate one with `openssl rand -base64 32`";
  return undefined;
}

interface KeySet {
  id: string;
  secret: Buffer;
  // A KeyObject, not a Buffer: the cipher then skips copying and re-importing the key, three times faster.
  encryption: KeyObject;
  lookup: (message: string) => string;
  audit: Buffer;
}

function keySet(secret: Buffer): KeySet {
  const encryption = derive(secret, "field-encryption");
  return {
    id: createHash("sha256").update(encryption).digest("hex").slice(0, 8),
    secret,
    encryption: createSecretKey(encryption),
    lookup: hmacSha256(derive(secret, "lookup-index")),
    audit: derive(secret, "audit-chain"),
  };
}

export interface Keyring {
  /** Id of the current key: everything new is sealed, hashed and tokenised with it. */
  readonly keyId: string;
  /** Every key id, current first, then the previous ones in the order configured (newest first). */
  readonly keyIds: readonly string[];
  /**
   * AES-256-GCM with the current key. `context` is authenticated with the format and key id, so a sealed
   * value only opens in the place it was made for (for a victim: breach id and external id).
   */
  seal(plaintext: string, context: string): string;
  /** Opens a value sealed under any key in the ring; throws DecryptionError when it was moved or altered. */
  open(sealed: string, context: string): string;
  /**
   * The same for bytes (an uploaded victim file, chunk by chunk), as `keyId (8 ASCII) | iv | tag | body`:
   * no text encoding, so a 2 GiB upload is not inflated by a third on its way through the database.
   */
  sealBytes(plaintext: Buffer, context: string): Buffer;
  /** Opens what `sealBytes` made, under any key in the ring; throws DecryptionError like `open`. */
  openBytes(sealed: Buffer, context: string): Buffer;
  /** Key id a sealed value names (without opening it). */
  sealedKeyId(sealed: string): string | undefined;
  /** HMAC-SHA-256 (hex) of an already normalised value under the current key; `kind` separates the spaces. */
  lookupHash(kind: LookupKind, normalisedValue: string): string;
  /** The same under every key in the ring, current first: what a look-up searches for during a rotation. */
  lookupHashes(kind: LookupKind, normalisedValue: string): string[];
  /** Keyed token for "this victim of this breach has this flag", under the current key or a named one. */
  flagToken(breachId: string, flag: string, keyId?: string): string;
  /** The flag's token under every key in the ring, current first. */
  flagTokens(breachId: string, flag: string): string[];
  /** Key for the audit chain's HMAC, by key id (undefined for a key that is not in the ring). */
  auditKey(keyId: string): Buffer | undefined;
  /** The secrets behind the ring, current first: only for starting sealing workers in this process. */
  readonly secrets: readonly Buffer[];
}

/** Additional data bound to each sealed value: the format, the key and the value's context (its row). */
const aad = (id: string, context: string) => Buffer.from(`${FORMAT}\u0000${id}\u0000${context}`, "utf8");

/** AES-256-GCM under `current`, as `FORMAT.keyId.iv.body.tag`. */
function sealWith(current: KeySet, iv: Buffer, plaintext: string, context: string): string {
  const cipher = createCipheriv("aes-256-gcm", current.encryption, iv);
  cipher.setAAD(aad(current.id, context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    FORMAT,
    current.id,
    iv.toString("base64url"),
    body.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

/** Opens a sealed value with the key its id names; DecryptionError says why it cannot. */
function openWith(byId: ReadonlyMap<string, KeySet>, sealed: string, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new DecryptionError("Not a Lekwijzer sealed value");
  const [, id, iv, body, tag] = parts as [string, string, string, string, string];
  const key = byId.get(id);
  if (!key)
    throw new DecryptionError(
      `Unknown key id "${id}": add the secret that made it to LEKWIJZER_PREVIOUS_SECRETS`,
    );
  const tagBytes = Buffer.from(tag, "base64url");
  if (tagBytes.length !== TAG_BYTES) throw new DecryptionError("Sealed value is damaged");
  const decipher = createDecipheriv("aes-256-gcm", key.encryption, Buffer.from(iv, "base64url"));
  decipher.setAAD(aad(id, context));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError(
      "Sealed value failed authentication: it was altered, moved to another row, or made with another key",
    );
  }
}

const KEY_ID_BYTES = 8;

function sealBytesWith(current: KeySet, iv: Buffer, plaintext: Buffer, context: string): Buffer {
  const cipher = createCipheriv("aes-256-gcm", current.encryption, iv);
  cipher.setAAD(aad(current.id, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from(current.id, "latin1"), iv, cipher.getAuthTag(), body]);
}

function openBytesWith(byId: ReadonlyMap<string, KeySet>, sealed: Buffer, context: string): Buffer {
  if (sealed.length < KEY_ID_BYTES + IV_BYTES + TAG_BYTES)
    throw new DecryptionError("Sealed bytes are damaged");
  const id = sealed.subarray(0, KEY_ID_BYTES).toString("latin1");
  const key = byId.get(id);
  if (!key)
    throw new DecryptionError(
      `Unknown key id "${id}": add the secret that made it to LEKWIJZER_PREVIOUS_SECRETS`,
    );
  const iv = sealed.subarray(KEY_ID_BYTES, KEY_ID_BYTES + IV_BYTES);
  const tag = sealed.subarray(KEY_ID_BYTES + IV_BYTES, KEY_ID_BYTES + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key.encryption, iv);
  decipher.setAAD(aad(id, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(KEY_ID_BYTES + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionError("Sealed bytes failed authentication: altered, moved, or made with another key");
  }
}

/**
 * @param masterSecret the current secret (≥ 32 random bytes)
 * @param previousSecrets older secrets, newest first, kept while data sealed or hashed with them remains
 */
export function createKeyring(masterSecret: Buffer, previousSecrets: readonly Buffer[] = []): Keyring {
  for (const [i, secret] of [masterSecret, ...previousSecrets].entries()) {
    const problem = secretProblem(secret);
    if (problem) throw new Error(`${i === 0 ? "The master secret" : `Previous secret ${i}`} ${problem}`);
  }
  const current = keySet(masterSecret);
  const sets = [current, ...previousSecrets.map(keySet)].filter(
    (set, i, all) => all.findIndex((other) => other.id === set.id) === i,
  );
  const byId = new Map(sets.map((set) => [set.id, set]));
  const nextIv = ivSource();
  const flagTokenCache = new Map<string, string>();

  const flagToken = (breachId: string, flag: string, keyId = current.id): string => {
    const cacheKey = `${keyId}\u0000${breachId}\u0000${flag}`;
    let token = flagTokenCache.get(cacheKey);
    if (!token) {
      const set = byId.get(keyId);
      if (!set) throw new Error(`Unknown key id "${keyId}"`);
      // Truncated to 128 bits: plenty against guessing, and it keeps the token arrays and their index small.
      token = set.lookup(`flag\u0000${breachId}\u0000${flag}`).slice(0, 32);
      if (flagTokenCache.size > 10_000) flagTokenCache.clear();
      flagTokenCache.set(cacheKey, token);
    }
    return token;
  };

  return {
    keyId: current.id,
    keyIds: sets.map((set) => set.id),
    secrets: sets.map((set) => set.secret),
    seal: (plaintext, context) => sealWith(current, nextIv(), plaintext, context),
    open: (sealed, context) => openWith(byId, sealed, context),
    sealBytes: (plaintext, context) => sealBytesWith(current, nextIv(), plaintext, context),
    openBytes: (sealed, context) => openBytesWith(byId, sealed, context),
    sealedKeyId(sealed) {
      const parts = sealed.split(".");
      return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined;
    },
    lookupHash(kind, normalisedValue) {
      return current.lookup(`${kind}\u0000${normalisedValue}`);
    },
    lookupHashes(kind, normalisedValue) {
      return sets.map((set) => set.lookup(`${kind}\u0000${normalisedValue}`));
    },
    flagToken,
    flagTokens(breachId, flag) {
      return sets.map((set) => flagToken(breachId, flag, set.id));
    },
    auditKey(keyId) {
      return byId.get(keyId)?.audit;
    },
  };
}
