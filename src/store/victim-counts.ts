/**
 * How a breach's victims divide: by data category, flag, segment and the channels known for them, counted in
 * SQL over columns that are stored in the clear or as keyed tokens (categories, segment, flag tokens, the
 * presence of the e-mail and phone hashes, `reachable`, and `postal`, kept at import beside the sealed address),
 * so nothing is decrypted. Filtered on the organisation
 * in SQL: another organisation's breach counts nothing.
 */
import { sql } from "kysely";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";

export interface VictimCounts {
  total: number;
  byCategory: { category: string; count: number }[];
  byFlag: { flag: string; count: number }[];
  bySegment: { segment: string | null; count: number }[];
  channels: {
    email: number;
    phone: number;
    /** A letter reaches them: a complete postal address (theirs, or of whoever speaks for them). */
    postal: number;
    /** Imported before the postal flag was kept: whether a letter reaches them is not counted. */
    postalUnknown: number;
    reachable: number;
    /** No usable e-mail address, mobile number or complete postal address. */
    unreachable: number;
  };
}

/** The organisation's breach's victims, as a query to count on. */
const ofBreach = (db: Executor, organisationId: string, breachId: string) =>
  db
    .selectFrom("victims as v")
    .innerJoin("breaches as b", "b.id", "v.breach_id")
    .where("b.organisation_id", "=", organisationId)
    .where("v.breach_id", "=", breachId);

/** Counts of the breach's victims; `flags` names the flags to count (their tokens are looked for). */
async function countVictims(
  db: Executor,
  keys: Keyring,
  organisationId: string,
  breachId: string,
  flags: readonly string[],
): Promise<VictimCounts> {
  const totals = await ofBreach(db, organisationId, breachId)
    .select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) filter (where v.email_hmac is not null)::int`.as("email"),
      sql<number>`count(*) filter (where v.phone_hmac is not null)::int`.as("phone"),
      sql<number>`count(*) filter (where v.postal)::int`.as("postal"),
      // Purged contact data has no address to count: only rows still sealed are unknown.
      sql<number>`count(*) filter (where v.postal is null and v.sealed is not null)::int`.as(
        "postal_unknown",
      ),
      sql<number>`count(*) filter (where v.reachable)::int`.as("reachable"),
    ])
    .executeTakeFirstOrThrow();
  const byCategory = await ofBreach(db, organisationId, breachId)
    .innerJoin(sql<{ category: string }>`jsonb_array_elements_text(v.categories)`.as("c"), (join) =>
      join.onTrue(),
    )
    .select([sql<string>`c.value`.as("category"), sql<number>`count(*)::int`.as("count")])
    .groupBy(sql`c.value`)
    .orderBy(sql`count(*)`, "desc")
    .orderBy(sql`c.value`)
    .execute();
  const bySegment = await ofBreach(db, organisationId, breachId)
    .select(["v.segment", sql<number>`count(*)::int`.as("count")])
    .groupBy("v.segment")
    .orderBy(sql`count(*)`, "desc")
    .orderBy("v.segment")
    .execute();
  const byFlag: { flag: string; count: number }[] = [];
  if (totals.total > 0) {
    for (const flag of flags) {
      const row = await ofBreach(db, organisationId, breachId)
        .select(sql<number>`count(*)::int`.as("n"))
        .where(sql<boolean>`v.flag_tokens && ${sql.val(keys.flagTokens(breachId, flag))}::text[]`)
        .executeTakeFirstOrThrow();
      if (row.n > 0) byFlag.push({ flag, count: row.n });
    }
  }
  return {
    total: totals.total,
    byCategory: byCategory.map((r) => ({ category: r.category, count: r.count })),
    byFlag,
    bySegment: bySegment.map((r) => ({ segment: r.segment, count: r.count })),
    channels: {
      email: totals.email,
      phone: totals.phone,
      postal: totals.postal,
      postalUnknown: totals.postal_unknown,
      reachable: totals.reachable,
      unreachable: totals.total - totals.reachable,
    },
  };
}

export const victimCounts = { count: countVictims };
