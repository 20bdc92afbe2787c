/**
 * API keys: how an organisation's systems and staff tools reach the API. A key is shown once at creation and
 * stored only as its SHA-256 digest (keys are 256 random bits, so a plain digest cannot be guessed back); a
 * short prefix is kept so people can tell keys apart. Every key belongs to one organisation and has one scope.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "./engine.ts";

/** read: see breaches, imports, campaigns; write: create and change them; send: approve and start campaigns. */
export const API_KEY_SCOPES = ["read", "write", "send"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "lwk_";

export interface ApiKey {
  id: string;
  organisationId: string;
  scope: ApiKeyScope;
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
  "label",
  "hint",
  "created_by",
  "created_at",
  "revoked_at",
] as const;

/** Creates a key; the plaintext `secret` is returned once and never stored. */
async function create(db: Executor, input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db
    .insertInto("api_keys")
    .values({
      organisation_id: input.organisationId,
      scope: input.scope,
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
