/**
 * Sending domains: the domains an organisation sends from, each with a random token to publish in DNS, and when
 * and how control of it was proven (a DNS look-up, or an operator's word for offline installations). A campaign
 * sends only from a verified domain; a subdomain of a verified domain counts as verified.
 */
import type { Executor } from "./engine.ts";

export type VerificationMethod = "dns" | "manual";

export interface SendingDomain {
  organisationId: string;
  domain: string;
  token: string;
  createdAt: Date;
  verifiedAt: Date | null;
  method: VerificationMethod | null;
  verifiedBy: string | null;
}

const COLUMNS = [
  "organisation_id",
  "domain",
  "token",
  "created_at",
  "verified_at",
  "method",
  "verified_by",
] as const;

function toDomain(row: {
  organisation_id: string;
  domain: string;
  token: string;
  created_at: Date;
  verified_at: Date | null;
  method: VerificationMethod | null;
  verified_by: string | null;
}): SendingDomain {
  return {
    organisationId: row.organisation_id,
    domain: row.domain,
    token: row.token,
    createdAt: new Date(row.created_at),
    verifiedAt: row.verified_at ? new Date(row.verified_at) : null,
    method: row.method,
    verifiedBy: row.verified_by,
  };
}

/** Adds the domain with this token unless the organisation has it already; returns the stored one. */
async function add(
  db: Executor,
  input: { organisationId: string; domain: string; token: string },
): Promise<{ domain: SendingDomain; added: boolean }> {
  const inserted = await db
    .insertInto("sending_domains")
    .values({ organisation_id: input.organisationId, domain: input.domain, token: input.token })
    .onConflict((oc) => oc.columns(["organisation_id", "domain"]).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  if (inserted) return { domain: toDomain(inserted), added: true };
  return { domain: (await get(db, input.organisationId, input.domain)) as SendingDomain, added: false };
}

async function get(db: Executor, organisationId: string, domain: string): Promise<SendingDomain | undefined> {
  const row = await db
    .selectFrom("sending_domains")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("domain", "=", domain)
    .executeTakeFirst();
  return row ? toDomain(row) : undefined;
}

async function list(db: Executor, organisationId: string): Promise<SendingDomain[]> {
  const rows = await db
    .selectFrom("sending_domains")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .orderBy("domain")
    .execute();
  return rows.map(toDomain);
}

/** Records that control of the domain was proven; false when the organisation has no such domain. */
async function markVerified(
  db: Executor,
  input: { organisationId: string; domain: string; method: VerificationMethod; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable("sending_domains")
    .set({ verified_at: new Date(), method: input.method, verified_by: input.by })
    .where("organisation_id", "=", input.organisationId)
    .where("domain", "=", input.domain)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The verified domain that covers `domain` (itself or a parent), if any. */
async function verifiedCovering(
  db: Executor,
  organisationId: string,
  domain: string,
): Promise<SendingDomain | undefined> {
  const labels = domain.toLowerCase().split(".");
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  if (candidates.length === 0) return undefined;
  const row = await db
    .selectFrom("sending_domains")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("domain", "in", candidates)
    .where("verified_at", "is not", null)
    .executeTakeFirst();
  return row ? toDomain(row) : undefined;
}

export const sendingDomains = { add, get, list, markVerified, verifiedCovering };

/** The TXT record that proves control of a domain: its name and value. */
export function verificationRecord(domain: string, token: string): { name: string; value: string } {
  return { name: `_lekwijzer.${domain}`, value: `lekwijzer-verification=${token}` };
}
