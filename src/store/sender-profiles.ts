/**
 * An organisation's sender profile at rest: the profile as JSON on the organisation's row, and the DKIM private
 * key apart from it, sealed with the keyring and bound to the organisation's id (like victims' contact data), so
 * a copy of the database or of a campaign never holds a usable key. The key is opened only in memory, for
 * sending (`forSending`). Validation is the caller's (operations); this module stores what it is given.
 */
import { createHash, createPublicKey } from "node:crypto";
import type { OrganisationProfile, SenderProfile } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";

export interface StoredProfile {
  profile: OrganisationProfile;
  /** Whether a DKIM private key is stored (sealed). */
  hasDkimKey: boolean;
  /** SHA-256 of the DKIM public key (SPKI, DER), hex: names the key without revealing it. */
  dkimKeyFingerprint: string | null;
  /** The DKIM public key (base64 SPKI), as the `p=` of the DNS record; null without a key. */
  dkimPublicKey: string | null;
  updatedAt: Date | null;
}

const keyContext = (organisationId: string) => `organisation\u0000${organisationId}\u0000dkim`;

/**
 * Profiles written before DKIM keys were sealed kept the key inside the JSON, and had no `signer`: read them as
 * the new shape (a key in the JSON is never returned from here; `sealLegacyKeys` moves it).
 */
function fromJson(json: Record<string, unknown>): OrganisationProfile {
  const { dkim, ...rest } = json as unknown as Omit<OrganisationProfile, "dkim"> & {
    dkim?: { signer?: string; domainName?: string; keySelector?: string };
  };
  const signing: OrganisationProfile["dkim"] =
    dkim && dkim.signer !== "relay" && dkim.domainName && dkim.keySelector
      ? { signer: "lekwijzer", domainName: dkim.domainName, keySelector: dkim.keySelector }
      : { signer: "relay" };
  return { ...rest, dkim: signing };
}

/** The public half of a PEM private key: base64 SPKI and its SHA-256 fingerprint. */
export function dkimPublicKey(privateKeyPem: string): { publicKey: string; fingerprint: string } {
  const der = createPublicKey(privateKeyPem).export({ type: "spki", format: "der" });
  return {
    publicKey: der.toString("base64"),
    fingerprint: createHash("sha256").update(der).digest("hex"),
  };
}

async function row(db: Executor, organisationId: string) {
  return db
    .selectFrom("organisations")
    .select(["id", "profile", "dkim_key", "profile_updated_at"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
}

function openKey(keys: Keyring, organisationId: string, sealed: string | null): string | null {
  return sealed === null ? null : keys.open(sealed, keyContext(organisationId));
}

/** The organisation's profile with its key's public half; undefined when it has none (or does not exist). */
async function get(db: Executor, keys: Keyring, organisationId: string): Promise<StoredProfile | undefined> {
  const found = await row(db, organisationId);
  if (!found?.profile) return undefined;
  const privateKey = openKey(keys, organisationId, found.dkim_key);
  const half = privateKey ? dkimPublicKey(privateKey) : null;
  return {
    profile: fromJson(found.profile),
    hasDkimKey: privateKey !== null,
    dkimKeyFingerprint: half?.fingerprint ?? null,
    dkimPublicKey: half?.publicKey ?? null,
    updatedAt: found.profile_updated_at ? new Date(found.profile_updated_at) : null,
  };
}

/**
 * The sender as messages need it, with the DKIM private key opened into memory when Lekwijzer signs. Undefined
 * when the organisation has no profile.
 */
async function forSending(
  db: Executor,
  keys: Keyring,
  organisationId: string,
): Promise<
  { sender: SenderProfile; profile: OrganisationProfile; dkimKeyFingerprint: string | null } | undefined
> {
  const found = await row(db, organisationId);
  if (!found?.profile) return undefined;
  const profile = fromJson(found.profile);
  const privateKey = openKey(keys, organisationId, found.dkim_key);
  const { dkim, contactHours: _hours, portal: _portal, letters: _letters, ...identity } = profile;
  const sender: SenderProfile = {
    ...identity,
    ...(dkim.signer === "lekwijzer" && privateKey
      ? { dkim: { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey } }
      : {}),
  };
  return {
    sender,
    profile,
    dkimKeyFingerprint: privateKey ? dkimPublicKey(privateKey).fingerprint : null,
  };
}

/**
 * Replaces the profile. `dkimKey`: a PEM to seal, `null` to drop the stored key, or "keep" to leave it. The
 * profile's domains become the organisation's sender domains.
 */
async function set(
  db: Executor,
  keys: Keyring,
  organisationId: string,
  profile: OrganisationProfile,
  dkimKey: string | null | "keep",
): Promise<void> {
  await db
    .updateTable("organisations")
    .set({
      profile: JSON.stringify(profile),
      sender_domains: JSON.stringify(profile.domains),
      profile_updated_at: new Date(),
      ...(dkimKey === "keep"
        ? {}
        : { dkim_key: dkimKey === null ? null : keys.seal(dkimKey, keyContext(organisationId)) }),
    })
    .where("id", "=", organisationId)
    .execute();
}

/**
 * Moves DKIM private keys that older versions kept inside the profile's JSON into the sealed column. Runs after
 * the migrations (it needs the secret); returns how many it moved.
 */
async function sealLegacyKeys(db: Executor, keys: Keyring): Promise<number> {
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "profile"])
    .where("profile", "is not", null)
    .execute();
  let moved = 0;
  for (const { id, profile } of rows) {
    const dkim = (profile as { dkim?: { privateKey?: unknown } } | null)?.dkim;
    if (!dkim || typeof dkim.privateKey !== "string") continue;
    const { privateKey, ...rest } = dkim as { privateKey: string } & Record<string, unknown>;
    await db
      .updateTable("organisations")
      .set({
        profile: JSON.stringify({ ...profile, dkim: { signer: "lekwijzer", ...rest } }),
        dkim_key: keys.seal(privateKey, keyContext(id)),
      })
      .where("id", "=", id)
      .execute();
    moved += 1;
  }
  return moved;
}

/** Seals every stored DKIM key again under the current key (after a rotation); returns how many. */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "dkim_key"])
    .where("dkim_key", "is not", null)
    .execute();
  let resealed = 0;
  for (const { id, dkim_key } of rows) {
    if (!dkim_key || keys.sealedKeyId(dkim_key) === keys.keyId) continue;
    const plain = keys.open(dkim_key, keyContext(id));
    await db
      .updateTable("organisations")
      .set({ dkim_key: keys.seal(plain, keyContext(id)) })
      .where("id", "=", id)
      .execute();
    resealed += 1;
  }
  return resealed;
}

export const senderProfiles = { get, forSending, set, sealLegacyKeys, reseal };
