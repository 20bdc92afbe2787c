/**
 * API keys: how an organisation's systems and staff tools reach the API. A key is shown once at creation and
 * stored only as its SHA-256 digest (keys are 256 random bits, so a plain digest cannot be guessed back); a
 * short prefix is kept so people can tell keys apart. Every key belongs to one organisation, has one scope
 * (a role) and names the person who holds it: the four-eyes rule on campaigns compares holders, not keys.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "./engine.ts";

/**
 * Roles, not ranks: read sees breaches, imports and campaigns; write creates and changes them; send approves,
 * starts, pauses, resumes and cancels campaigns (and cannot write, so one key cannot both prepare and send);
 * admin manages the organisation's sender profile and sending domains. Every role may read.
 */
export const API_KEY_SCOPES = ["read", "write", "send", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const GRANTS: Readonly<Record<ApiKeyScope, readonly ApiKeyScope[]>> = {
  read: ["read"],
  write: ["read", "write"],
  send: ["read", "send"],
  admin: ["read", "admin"],
};

/** Whether a key of scope `held` may do what needs `needed`. */
export function scopeAllows(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return GRANTS[held].includes(needed);
}

/** A holder's name as compared and stored: trimmed, inner white space collapsed. */
export function normaliseHolder(holder: string): string {
  return holder.trim().replace(/\s+/g, " ");
}

const KEY_PREFIX = "lwk_";

export interface ApiKey {
  id: string;
  organisationId: string;
  scope: ApiKeyScope;
  /** The person who holds the key. */
  holder: string;
  label: string;
  /** The first characters of the key, safe to show. */
  hint: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewApiKey {
  organisationId: string;
  scope: ApiKeyScope;
  holder: string;
  label: string;
  createdBy: string;
}

function digest(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("base64url");
}

type Row = {
  id: string;
  organisation_id: string;
  scope: string;
  holder: string;
  label: string;
  hint: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
};

function toApiKey(row: Row): ApiKey {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    scope: row.scope as ApiKeyScope,
    holder: row.holder,
    label: row.label,
    hint: row.hint,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

const COLUMNS = [
  "id",
  "organisation_id",
  "scope",
  "holder",
  "label",
  "hint",
  "created_by",
  "created_at",
  "revoked_at",
] as const;

/** Creates a key; the plaintext `secret` is returned once and never stored. */
async function create(db: Executor, input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
  const holder = normaliseHolder(input.holder);
  if (holder === "") throw new Error("An API key needs a named holder");
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db
    .insertInto("api_keys")
    .values({
      organisation_id: input.organisationId,
      scope: input.scope,
      holder,
      label: input.label,
      hint: secret.slice(0, KEY_PREFIX.length + 6),
      digest: digest(secret),
      created_by: input.createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { key: toApiKey(row), secret };
}

/** The live key a presented secret belongs to, or undefined (unknown, malformed or revoked). */
async function authenticate(db: Executor, secret: string): Promise<ApiKey | undefined> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 100) return undefined;
  const row = await db
    .selectFrom("api_keys")
    .select(COLUMNS)
    .where("digest", "=", digest(secret))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row ? toApiKey(row) : undefined;
}

async function listByOrganisation(db: Executor, organisationId: string): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom("api_keys")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at")
    .execute();
  return rows.map(toApiKey);
}

/** Revokes a key of the organisation; false when there is no such live key. */
async function revoke(db: Executor, organisationId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date() })
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const apiKeys = { create, authenticate, listByOrganisation, revoke };
