/**
 * Victims of a breach. Each victim's contact fields and flags are sealed together in one envelope bound to
 * the breach id and the victim's external id; e-mail, phone and personal code are found again only through
 * keyed hashes, and flags are selected only through keyed tokens. Bulk writes stream through COPY while a
 * pool of workers does the crypto.
 */
import { sql } from "kysely";
import {
  type ContactPerson,
  canonicalCode,
  emailLookupKey,
  generatePersonalCode,
  type Language,
  normalisePersonalCode,
  phoneLookupKey,
  type SendChannel,
} from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import { type CopyChunk, copyIn, type Executor, transaction } from "./engine.ts";
import { type SealPool, sealPoolFor } from "./seal-pool.ts";
import {
  COPY_COLUMNS,
  channelsOf,
  type Envelope,
  type PostalAddress,
  personalCodeContext,
  type SealedChunk,
  type SealOptions,
  sealRows,
  type VictimInput,
  victimContext,
} from "./sealing.ts";

export type { PostalAddress, VictimInput } from "./sealing.ts";

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
  language: Language;
  /** Whom to write to instead (represented, minor, deceased), when given. */
  contact: ContactPerson | null;
  /** The channels that reach the right addressee, in order of preference. */
  channels: SendChannel[];
  reachable: boolean;
  contactPurged: boolean;
  /** When the current personal code was issued (null: none, or revoked). */
  codeIssuedAt: Date | null;
  /**
   * The current personal code, opened from its own sealed envelope, for the notice that prints it (plaintext:
   * never log it). Null when there is none, when it was revoked or purged, or when it was issued before codes
   * were sealed (only its hash exists then).
   */
  personalCode: string | null;
}

export interface BulkOptions {
  /** Give each new victim a personal code; the plaintext codes come back once, keyed by external id. */
  issueCodes?: boolean;
  /** Sealing workers to use (default: a shared pool per keyring; small batches are sealed in this thread). */
  pool?: SealPool;
}

export interface UpsertOptions extends BulkOptions {
  /**
   * Also return, per row of `rows` kept (the last per external id, in order), its content hash before the
   * write (null: new victim) and after it: an importer tells "unchanged" from "updated" with them.
   */
  fingerprints?: boolean;
}

/** One written victim's content hash before (null when new) and after the write. */
export interface Fingerprint {
  externalId: string;
  previous: string | null;
  current: string;
}

// Below this many rows a worker round trip costs more than it saves.
const INLINE_ROWS = 2_000;
const CHUNK_ROWS = 2_000;

/** Where a write's COPY text comes from: collects the codes (and content hashes, when given) in row order. */
type SealedSource = (codes: string[], hashes?: string[]) => AsyncIterable<CopyChunk>;

/**
 * Seals `rows` chunk by chunk, in order, keeping a few chunks in flight per worker so the database never
 * waits for crypto and memory stays bounded whatever the batch size.
 */
async function* sealedText(
  keys: Keyring,
  breachId: string,
  rows: readonly VictimInput[],
  options: BulkOptions,
  codes: string[],
  fingerprints?: string[],
): AsyncGenerator<CopyChunk> {
  const sealOptions: SealOptions = {
    issueCodes: options.issueCodes ?? false,
    issuedAt: new Date().toISOString(),
    ...(fingerprints ? { fingerprints: true } : {}),
  };
  const pool = options.pool ?? (rows.length > INLINE_ROWS ? sealPoolFor(keys) : undefined);
  if (!pool || pool.threads === 0) {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const chunk = sealRows(keys, breachId, rows.slice(start, start + CHUNK_ROWS), sealOptions);
      if (chunk.codes) codes.push(...chunk.codes);
      if (chunk.fingerprints) fingerprints?.push(...chunk.fingerprints);
      yield chunk.text;
    }
    return;
  }
  // Two chunks per worker: one sealing, one waiting, so workers rarely idle and memory stays small.
  const window = Math.max(2, pool.threads * 2);
  const inFlight: Promise<SealedChunk>[] = [];
  let next = 0;
  const launch = () => {
    const promise = pool.seal(breachId, rows.slice(next, next + CHUNK_ROWS) as VictimInput[], sealOptions);
    promise.catch(() => {}); // awaited below in order; this only keeps an early failure from going unhandled
    inFlight.push(promise);
    next += CHUNK_ROWS;
  };
  while (next < rows.length && inFlight.length < window) launch();
  while (inFlight.length > 0) {
    const chunk = await (inFlight.shift() as Promise<SealedChunk>);
    if (next < rows.length) launch();
    if (chunk.codes) codes.push(...chunk.codes);
    if (chunk.fingerprints) fingerprints?.push(...chunk.fingerprints);
    yield chunk.text;
  }
}

/**
 * A batch whose sealing has begun (`startSealing`): its victims' external ids in order, and its chunks as the
 * workers finish them. The victims themselves are no longer needed: the workers have their own copies.
 */
export interface SealingBatch {
  readonly externalIds: readonly string[];
  readonly chunks: readonly Promise<SealedChunk>[];
}

/**
 * Hands every chunk of `rows` to the sealing workers at once (each chunk is copied into its message, so the
 * caller can let go of the rows), for `upsertSealed` to write later: an importer seals the next batch while
 * the database takes the one before. The whole sealed batch is held until written, so keep batches bounded
 * (an import's are 5,000 rows, ~3.5 MB of COPY text, held as bytes off the JavaScript heap). External ids must
 * be unique within `rows`.
 */
function startSealing(
  keys: Keyring,
  breachId: string,
  rows: readonly VictimInput[],
  options: UpsertOptions = {},
): SealingBatch {
  const sealOptions: SealOptions = {
    issueCodes: options.issueCodes ?? false,
    issuedAt: new Date().toISOString(),
    ...(options.fingerprints ? { fingerprints: true } : {}),
  };
  const pool = options.pool ?? (rows.length > INLINE_ROWS ? sealPoolFor(keys) : undefined);
  const chunks: Promise<SealedChunk>[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const slice = rows.slice(start, start + CHUNK_ROWS) as VictimInput[];
    const chunk =
      pool && pool.threads > 0
        ? pool.seal(breachId, slice, sealOptions)
        : Promise.resolve(sealRows(keys, breachId, slice, sealOptions));
    chunk.catch(() => {}); // awaited in order when written; this only keeps an early failure from going unhandled
    chunks.push(chunk);
  }
  return { externalIds: rows.map((row) => row.externalId), chunks };
}

/** The COPY text of a sealing batch, in order (can be read more than once: a failed fast path reads it again). */
function sealedFrom(batch: SealingBatch): SealedSource {
  return async function* (codes, hashes) {
    for (const pending of batch.chunks) {
      const chunk = await pending;
      if (chunk.codes) codes.push(...chunk.codes);
      if (hashes) {
        if (!chunk.fingerprints) throw new Error("the batch was sealed without fingerprints");
        hashes.push(...chunk.fingerprints);
      }
      yield chunk.text;
    }
  };
}

function codeMap(externalIds: readonly string[], codes: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  externalIds.forEach((externalId, i) => {
    const code = codes[i];
    if (code) map.set(externalId, code);
  });
  return map;
}

/**
 * Inserts new victims with COPY, the fastest path. An external id that already exists in the breach (or twice
 * in `rows`) fails the whole batch: use `upsertBatch` for files that may repeat. Joins `db` when it is a
 * transaction.
 */
async function insertBatch(
  db: Executor,
  keys: Keyring,
  breachId: string,
  rows: readonly VictimInput[],
  options: BulkOptions = {},
): Promise<{ inserted: number; codes?: Map<string, string> }> {
  if (rows.length === 0) return options.issueCodes ? { inserted: 0, codes: new Map() } : { inserted: 0 };
  const codes: string[] = [];
  await copyIn(db, "victims", COPY_COLUMNS, sealedText(keys, breachId, rows, options, codes));
  return options.issueCodes
    ? {
        inserted: rows.length,
        codes: codeMap(
          rows.map((row) => row.externalId),
          codes,
        ),
      }
    : { inserted: rows.length };
}

export interface UpsertResult {
  /** New victims. */
  inserted: number;
  /** Existing victims whose data changed (re-sealed; their personal code stays). */
  updated: number;
  /** Existing victims whose data was the same. */
  unchanged: number;
  /** Earlier rows in `rows` replaced by a later row with the same external id. */
  superseded: number;
  /** Personal codes of the inserted victims only (when asked for). */
  codes?: Map<string, string>;
  /** With `fingerprints`: one per kept row, in order. */
  fingerprints?: Fingerprint[];
}

const STAGING_COLUMNS = `breach_id uuid, external_id text, categories jsonb, segment text, language text,
  key_id text, sealed text, flag_tokens text[], email_hmac text, phone_hmac text, code_hmac text,
  code_key_id text, code_issued_at timestamptz, code_sealed text, row_hmac text, reachable boolean, postal boolean, relation_ended date`;

/**
 * The common case of a first import: when none of `ids` is stored yet, COPY them straight into the victims
 * table (no staging table, no merge). Returns undefined when some exist, or when a concurrent writer added
 * one meanwhile (the unique index refuses the COPY), so the caller merges instead.
 */
async function insertWhenAllNew(
  db: Executor,
  breachId: string,
  ids: readonly string[],
  sealed: SealedSource,
  options: UpsertOptions,
): Promise<Omit<UpsertResult, "superseded"> | undefined> {
  const existing = await sql<{ one: number }>`
    select 1 as one from victims where breach_id = ${breachId} and external_id = any(${ids}::text[]) limit 1`.execute(
    db,
  );
  if (existing.rows.length > 0) return undefined;
  const codes: string[] = [];
  const hashes: string[] = [];
  try {
    await transaction(db, (tx) => copyIn(tx, "victims", COPY_COLUMNS, sealed(codes, hashes)));
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return undefined;
    throw error;
  }
  return {
    inserted: ids.length,
    updated: 0,
    unchanged: 0,
    ...(options.issueCodes ? { codes: codeMap(ids, codes) } : {}),
    fingerprints: ids.map((externalId, i) => ({ externalId, previous: null, current: hashes[i] ?? "" })),
  };
}

/**
 * Inserts new victims and updates changed ones, by external id: bringing the same rows again changes nothing.
 * Rows are staged with COPY in a temporary table and merged in one statement, inside one transaction (the
 * caller's when `db` is one). A later row with the same external id wins.
 */
async function upsertBatch(
  db: Executor,
  keys: Keyring,
  breachId: string,
  rows: readonly VictimInput[],
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const latest = new Map<string, VictimInput>();
  for (const row of rows) latest.set(row.externalId, row);
  const unique = latest.size === rows.length ? rows : [...latest.values()];
  const result = await writeUnique(
    db,
    breachId,
    unique.map((row) => row.externalId),
    (codes, hashes) => sealedText(keys, breachId, unique, options, codes, hashes),
    options,
  );
  return { ...result, superseded: rows.length - unique.length };
}

/**
 * `upsertBatch` for a batch that `startSealing` began: the same outcome, with the crypto already under way
 * (or done) in the workers. Calls for one breach must not overlap: run them one after the other, in order.
 */
async function upsertSealed(
  db: Executor,
  breachId: string,
  batch: SealingBatch,
  options: Omit<UpsertOptions, "pool"> = {},
): Promise<UpsertResult> {
  if (new Set(batch.externalIds).size !== batch.externalIds.length)
    throw new Error("a sealing batch names an external id twice");
  return {
    ...(await writeUnique(db, breachId, batch.externalIds, sealedFrom(batch), options)),
    superseded: 0,
  };
}

async function writeUnique(
  db: Executor,
  breachId: string,
  unique: readonly string[],
  sealed: SealedSource,
  options: UpsertOptions,
): Promise<Omit<UpsertResult, "superseded">> {
  if (unique.length === 0)
    return {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      ...(options.issueCodes ? { codes: new Map() } : {}),
      ...(options.fingerprints ? { fingerprints: [] } : {}),
    };
  if (options.fingerprints) {
    const fast = await insertWhenAllNew(db, breachId, unique, sealed, options);
    if (fast) return fast;
  }
  const codes: string[] = [];
  let fingerprints: Fingerprint[] | undefined;
  const changed = await transaction(db, async (tx) => {
    await sql
      .raw(`create temp table if not exists victims_incoming (${STAGING_COLUMNS}) on commit drop`)
      .execute(tx);
    await sql`truncate victims_incoming`.execute(tx);
    await copyIn(tx, "victims_incoming", COPY_COLUMNS, sealed(codes));
    if (options.fingerprints) {
      const found = await sql<{
        external_id: string;
        existed: boolean;
        previous: string | null;
        current: string;
      }>`
        select i.external_id, v.id is not null as existed, v.row_hmac as previous, i.row_hmac as current
        from victims_incoming i left join victims v
          on v.breach_id = i.breach_id and v.external_id = i.external_id`.execute(tx);
      const byId = new Map(found.rows.map((r) => [r.external_id, r]));
      fingerprints = unique.map((externalId) => {
        const hit = byId.get(externalId);
        if (!hit) throw new Error("a staged victim went missing");
        // A purged victim has no content hash left: bringing it again restores it, which is an update.
        const previous = hit.existed ? (hit.previous ?? "purged") : null;
        return { externalId, previous, current: hit.current };
      });
    }
    const columns = COPY_COLUMNS.join(", ");
    const result = await sql<{ external_id: string; inserted: boolean }>`
      insert into victims (${sql.raw(columns)})
      select ${sql.raw(columns)} from victims_incoming
      on conflict (breach_id, external_id) do update set
        categories = excluded.categories, segment = excluded.segment, language = excluded.language,
        key_id = excluded.key_id, sealed = excluded.sealed, flag_tokens = excluded.flag_tokens,
        email_hmac = excluded.email_hmac, phone_hmac = excluded.phone_hmac, row_hmac = excluded.row_hmac,
        reachable = excluded.reachable, postal = excluded.postal, relation_ended = excluded.relation_ended,
        contact_purged_at = null
      where victims.row_hmac is distinct from excluded.row_hmac
      returning external_id, (xmax = 0) as inserted`.execute(tx);
    return result.rows;
  });
  const insertedIds = changed.filter((r) => r.inserted).map((r) => r.external_id);
  const inserted = insertedIds.length;
  const updated = changed.length - inserted;
  const result: Omit<UpsertResult, "superseded"> = {
    inserted,
    updated,
    unchanged: unique.length - changed.length,
  };
  if (options.issueCodes) {
    const all = codeMap(unique, codes);
    result.codes = new Map(insertedIds.map((id) => [id, all.get(id) ?? ""]));
  }
  if (fingerprints) result.fingerprints = fingerprints;
  return result;
}

const SELECT = [
  "id",
  "breach_id",
  "external_id",
  "sealed",
  "categories",
  "segment",
  "language",
  "reachable",
  "contact_purged_at",
  "code_issued_at",
  "code_sealed",
] as const;

type Row = {
  id: number;
  breach_id: string;
  external_id: string;
  sealed: string | null;
  categories: string[];
  segment: string | null;
  language: Language;
  reachable: boolean;
  contact_purged_at: Date | null;
  code_issued_at: Date | null;
  code_sealed: string | null;
};

/** Opens a victim's envelope; throws DecryptionError when it was moved to another row or altered. */
export function openEnvelope(keys: Keyring, breachId: string, externalId: string, sealed: string): Envelope {
  return JSON.parse(keys.open(sealed, victimContext(breachId, externalId))) as Envelope;
}

function toVictim(keys: Keyring, row: Row): Victim {
  const envelope: Envelope = row.sealed ? openEnvelope(keys, row.breach_id, row.external_id, row.sealed) : {};
  return {
    id: Number(row.id),
    breachId: row.breach_id,
    externalId: row.external_id,
    email: envelope.e ?? null,
    phone: envelope.p ?? null,
    name: envelope.n ?? null,
    address: envelope.a ?? null,
    categories: row.categories,
    flags: envelope.f ?? [],
    segment: row.segment,
    language: row.language,
    contact: envelope.c
      ? {
          role: envelope.c.r,
          name: envelope.c.n ?? null,
          email: envelope.c.e ?? null,
          phone: envelope.c.p ?? null,
          address: envelope.c.a ?? null,
        }
      : null,
    channels: row.sealed ? channelsOf(envelope) : [],
    reachable: row.reachable,
    contactPurged: row.contact_purged_at !== null,
    codeIssuedAt: row.code_issued_at ? new Date(row.code_issued_at) : null,
    personalCode: row.code_sealed
      ? keys.open(row.code_sealed, personalCodeContext(row.breach_id, row.external_id))
      : null,
  };
}

async function get(db: Executor, keys: Keyring, id: number): Promise<Victim | undefined> {
  const row = await db.selectFrom("victims").select(SELECT).where("id", "=", id).executeTakeFirst();
  return row ? toVictim(keys, row) : undefined;
}

async function getByExternalId(
  db: Executor,
  keys: Keyring,
  breachId: string,
  externalId: string,
): Promise<Victim | undefined> {
  const row = await db
    .selectFrom("victims")
    .select(SELECT)
    .where("breach_id", "=", breachId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  return row ? toVictim(keys, row) : undefined;
}

async function findByLookup(
  db: Executor,
  keys: Keyring,
  column: "email_hmac" | "phone_hmac",
  breachId: string,
  hashes: string[],
): Promise<Victim | undefined> {
  const row = await db
    .selectFrom("victims")
    .select(SELECT)
    .where("breach_id", "=", breachId)
    .where(column, "in", hashes)
    .orderBy("id")
    .executeTakeFirst();
  return row ? toVictim(keys, row) : undefined;
}

/** During a key rotation the hashes of every key in the ring are searched, current first. */
async function findByEmail(
  db: Executor,
  keys: Keyring,
  breachId: string,
  email: string,
): Promise<Victim | undefined> {
  const normalised = emailLookupKey(email);
  if (!normalised) return undefined;
  return findByLookup(db, keys, "email_hmac", breachId, keys.lookupHashes("email", normalised));
}

async function findByPhone(
  db: Executor,
  keys: Keyring,
  breachId: string,
  phone: string,
): Promise<Victim | undefined> {
  const normalised = phoneLookupKey(phone);
  if (!normalised) return undefined;
  return findByLookup(db, keys, "phone_hmac", breachId, keys.lookupHashes("phone", normalised));
}

async function findByPersonalCode(db: Executor, keys: Keyring, code: string): Promise<Victim | undefined> {
  // Not a code (wrong length, a typo the check character catches): nothing to look up.
  const typed = normalisePersonalCode(code);
  if (!typed.ok) return undefined;
  const row = await db
    .selectFrom("victims")
    .select(SELECT)
    .where("code_hmac", "in", keys.lookupHashes("personal-code", canonicalCode(typed.code)))
    .executeTakeFirst();
  return row ? toVictim(keys, row) : undefined;
}

export interface PageQuery {
  breachId: string;
  /** Only victims with this flag (selected by keyed token, without opening any envelope). */
  flag?: string;
  segment?: string;
  /** Keyset paging: victims with an id greater than this (default 0). */
  afterId?: number;
  /** At most this many (default 1,000). */
  limit?: number;
}

function pageQuery(db: Executor, keys: Keyring, query: PageQuery) {
  let q = db
    .selectFrom("victims")
    .where("breach_id", "=", query.breachId)
    .where("id", ">", query.afterId ?? 0);
  if (query.flag !== undefined) {
    const tokens = keys.flagTokens(query.breachId, query.flag);
    q = q.where(sql<boolean>`flag_tokens && ${sql.val(tokens)}::text[]`);
  }
  if (query.segment !== undefined) q = q.where("segment", "=", query.segment);
  return q.orderBy("id").limit(query.limit ?? 1_000);
}

/** Victim ids in id order, for campaigns that claim work in batches (no envelope is opened). */
async function listIds(db: Executor, keys: Keyring, query: PageQuery): Promise<number[]> {
  const rows = await pageQuery(db, keys, query).select("id").execute();
  return rows.map((r) => Number(r.id));
}

/** Victims (opened) in id order. */
async function list(db: Executor, keys: Keyring, query: PageQuery): Promise<Victim[]> {
  const rows = await pageQuery(db, keys, query).select(SELECT).execute();
  return rows.map((row) => toVictim(keys, row));
}

/** Victims by id (opened), e.g. the batch a delivery worker claimed. Missing ids are left out. */
async function getMany(db: Executor, keys: Keyring, ids: readonly number[]): Promise<Victim[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("victims").select(SELECT).where("id", "in", ids).orderBy("id").execute();
  return rows.map((row) => toVictim(keys, row));
}

/** How many victims of the breach have the flag; works after retention too (tokens stay, envelopes go). */
async function countByFlag(db: Executor, keys: Keyring, breachId: string, flag: string): Promise<number> {
  const row = await db
    .selectFrom("victims")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("breach_id", "=", breachId)
    .where(sql<boolean>`flag_tokens && ${sql.val(keys.flagTokens(breachId, flag))}::text[]`)
    .executeTakeFirstOrThrow();
  return row.n;
}

async function countByBreach(
  db: Executor,
  breachId: string,
): Promise<{ total: number; reachable: number; unreachable: number }> {
  const row = await db
    .selectFrom("victims")
    .select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) filter (where reachable)::int`.as("reachable"),
    ])
    .where("breach_id", "=", breachId)
    .executeTakeFirstOrThrow();
  return { total: row.total, reachable: row.reachable, unreachable: row.total - row.reachable };
}

/** How many of the breach's people have an external id starting with the prefix (where a generator goes on). */
async function countWithExternalPrefix(db: Executor, breachId: string, prefix: string): Promise<number> {
  const row = await db
    .selectFrom("victims")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("breach_id", "=", breachId)
    .where("external_id", "like", `${prefix.replace(/[\\%_]/g, "\\$&")}%`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export const victims = {
  countWithExternalPrefix,
  insertBatch,
  upsertBatch,
  startSealing,
  upsertSealed,
  get,
  getByExternalId,
  getMany,
  findByEmail,
  findByPhone,
  findByPersonalCode,
  list,
  listIds,
  countByFlag,
  countByBreach,
};

/**
 * Issues a new personal code for a victim and returns it in plaintext, once (for the letter or message).
 * Its keyed hash is stored for look-ups and the code itself is sealed again beside it (bound to the person),
 * so later notices print the new code; the previous code stops working at once. Throws when the victim does
 * not exist or its contact data was purged.
 */
async function issue(db: Executor, keys: Keyring, victimId: number): Promise<string> {
  const victim = await db
    .selectFrom("victims")
    .select(["breach_id", "external_id"])
    .where("id", "=", victimId)
    .where("contact_purged_at", "is", null)
    .executeTakeFirst();
  if (!victim) throw new Error(`Victim ${victimId} does not exist or its contact data was purged`);
  const code = generatePersonalCode();
  const result = await db
    .updateTable("victims")
    .set({
      code_hmac: keys.lookupHash("personal-code", canonicalCode(code)),
      code_key_id: keys.keyId,
      code_issued_at: new Date(),
      code_sealed: keys.seal(code, personalCodeContext(victim.breach_id, victim.external_id)),
    })
    .where("id", "=", victimId)
    .where("contact_purged_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new Error(`Victim ${victimId} does not exist or its contact data was purged`);
  return code;
}

/** Makes a victim's personal code stop working without issuing a new one (its sealed copy goes too). */
async function revoke(db: Executor, victimId: number): Promise<void> {
  await db
    .updateTable("victims")
    .set({ code_hmac: null, code_key_id: null, code_issued_at: null, code_sealed: null })
    .where("id", "=", victimId)
    .execute();
}

export const personalCodes = { issue, revoke };
