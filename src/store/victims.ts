/**
 * Victims of a breach. Contact fields are stored only encrypted; e-mail and phone are found again through
 * keyed hashes of their normalised form, and personal codes only through their hash.
 */
import { sql } from "kysely";
import { type FieldCrypto, normaliseEmail, normalisePersonalCode, normalisePhone } from "./crypto.ts";
import { copyValue, type DatabaseHandle } from "./engine.ts";

export interface PostalAddress {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
}

export interface VictimInput {
  externalId: string;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  address?: PostalAddress | null;
  categories?: readonly string[];
  flags?: readonly string[];
  segment?: string | null;
  language?: "nl" | "en";
  /** The plaintext personal code printed in the letter; only its keyed hash is stored. */
  personalCode?: string | null;
}

export interface Victim {
  id: number;
  breachId: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  address: PostalAddress | null;
  categories: string[];
  flags: string[];
  segment: string | null;
  language: "nl" | "en";
  reachable: boolean;
  contactPurged: boolean;
}

const COPY_COLUMNS = [
  "breach_id",
  "external_id",
  "categories",
  "flags",
  "segment",
  "language",
  "key_id",
  "email_enc",
  "phone_enc",
  "name_enc",
  "address_enc",
  "email_hmac",
  "phone_hmac",
  "code_hmac",
  "reachable",
] as const;

function isFullAddress(address: PostalAddress | null | undefined): boolean {
  return Boolean(address?.street && address.houseNumber && address.postcode && address.city);
}

function copyLine(crypto: FieldCrypto, breachId: string, row: VictimInput): string {
  const encrypt = (value: string | null | undefined, field: string) =>
    value ? crypto.encrypt(value, field) : null;
  const email = row.email ? normaliseEmail(row.email) : null;
  const phone = row.phone ? normalisePhone(row.phone) : null;
  const reachable = Boolean(email || phone || isFullAddress(row.address));
  return [
    breachId,
    row.externalId,
    JSON.stringify(row.categories ?? []),
    JSON.stringify(row.flags ?? []),
    row.segment ?? null,
    row.language ?? "nl",
    crypto.keyId,
    encrypt(row.email?.trim(), "victims.email"),
    encrypt(row.phone?.trim(), "victims.phone"),
    encrypt(row.name?.trim(), "victims.name"),
    row.address ? crypto.encrypt(JSON.stringify(row.address), "victims.address") : null,
    email ? crypto.lookupHash("email", email) : null,
    phone ? crypto.lookupHash("phone", phone) : null,
    row.personalCode ? crypto.lookupHash("personal-code", normalisePersonalCode(row.personalCode)) : null,
    reachable ? "t" : "f",
  ]
    .map(copyValue)
    .join("\t");
}

/**
 * Inserts victims with COPY (both engines). External ids must be unique per breach: the whole batch is
 * refused if one already exists, so callers de-duplicate first (the intake does).
 */
async function insertBatch(
  handle: DatabaseHandle,
  crypto: FieldCrypto,
  breachId: string,
  rows: readonly VictimInput[],
): Promise<{ inserted: number }> {
  if (rows.length === 0) return { inserted: 0 };
  let text = "";
  for (const row of rows) text += `${copyLine(crypto, breachId, row)}\n`;
  await handle.copyIn("victims", COPY_COLUMNS, text);
  return { inserted: rows.length };
}

const SELECT = [
  "id",
  "breach_id",
  "external_id",
  "email_enc",
  "phone_enc",
  "name_enc",
  "address_enc",
  "categories",
  "flags",
  "segment",
  "language",
  "reachable",
  "contact_purged_at",
] as const;

type Row = {
  id: number;
  breach_id: string;
  external_id: string;
  email_enc: string | null;
  phone_enc: string | null;
  name_enc: string | null;
  address_enc: string | null;
  categories: string[];
  flags: string[];
  segment: string | null;
  language: "nl" | "en";
  reachable: boolean;
  contact_purged_at: Date | null;
};

function toVictim(crypto: FieldCrypto, row: Row): Victim {
  const decrypt = (value: string | null, field: string) => (value ? crypto.decrypt(value, field) : null);
  const address = decrypt(row.address_enc, "victims.address");
  return {
    id: Number(row.id),
    breachId: row.breach_id,
    externalId: row.external_id,
    email: decrypt(row.email_enc, "victims.email"),
    phone: decrypt(row.phone_enc, "victims.phone"),
    name: decrypt(row.name_enc, "victims.name"),
    address: address ? (JSON.parse(address) as PostalAddress) : null,
    categories: row.categories,
    flags: row.flags,
    segment: row.segment,
    language: row.language,
    reachable: row.reachable,
    contactPurged: row.contact_purged_at !== null,
  };
}

async function get(handle: DatabaseHandle, crypto: FieldCrypto, id: number): Promise<Victim | undefined> {
  const row = await handle.db.selectFrom("victims").select(SELECT).where("id", "=", id).executeTakeFirst();
  return row ? toVictim(crypto, row) : undefined;
}

async function findByLookup(
  handle: DatabaseHandle,
  crypto: FieldCrypto,
  column: "email_hmac" | "phone_hmac",
  breachId: string,
  hash: string,
): Promise<Victim | undefined> {
  const row = await handle.db
    .selectFrom("victims")
    .select(SELECT)
    .where("breach_id", "=", breachId)
    .where(column, "=", hash)
    .executeTakeFirst();
  return row ? toVictim(crypto, row) : undefined;
}

async function findByEmail(
  handle: DatabaseHandle,
  crypto: FieldCrypto,
  breachId: string,
  email: string,
): Promise<Victim | undefined> {
  const normalised = normaliseEmail(email);
  if (!normalised) return undefined;
  return findByLookup(handle, crypto, "email_hmac", breachId, crypto.lookupHash("email", normalised));
}

async function findByPhone(
  handle: DatabaseHandle,
  crypto: FieldCrypto,
  breachId: string,
  phone: string,
): Promise<Victim | undefined> {
  const normalised = normalisePhone(phone);
  if (!normalised) return undefined;
  return findByLookup(handle, crypto, "phone_hmac", breachId, crypto.lookupHash("phone", normalised));
}

async function findByPersonalCode(
  handle: DatabaseHandle,
  crypto: FieldCrypto,
  code: string,
): Promise<Victim | undefined> {
  const row = await handle.db
    .selectFrom("victims")
    .select(SELECT)
    .where("code_hmac", "=", crypto.lookupHash("personal-code", normalisePersonalCode(code)))
    .executeTakeFirst();
  return row ? toVictim(crypto, row) : undefined;
}

async function countByBreach(
  handle: DatabaseHandle,
  breachId: string,
): Promise<{ total: number; reachable: number; unreachable: number }> {
  const row = await handle.db
    .selectFrom("victims")
    .select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) filter (where reachable)::int`.as("reachable"),
    ])
    .where("breach_id", "=", breachId)
    .executeTakeFirstOrThrow();
  return { total: row.total, reachable: row.reachable, unreachable: row.total - row.reachable };
}

export const victims = { insertBatch, get, findByEmail, findByPhone, findByPersonalCode, countByBreach };
