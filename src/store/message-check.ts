/**
 * The look-up behind "is this message genuine?": the message whose verification code has this keyed digest,
 * with only what the check page shows (when, which channel, which organisation, the breach's title) and the
 * victim id, so the caller can mask the address the message went to. Reads the deliveries_verification index,
 * then the answers of "am I affected?", then the letters My plan asked for.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface CheckedMessage {
  sentAt: Date | null;
  /** The channel the message went out on (email, sms, letter). */
  channel: string | null;
  organisationName: string;
  breachTitle: string;
  /** Null for an answer of "am I affected?", which keeps no link to anyone (store/affected-checks.ts). */
  victimId: number | null;
}

/** The sent message that carried the code with this digest; messages not yet handed over count as unknown. */
async function findByDigest(db: Executor, digest: string): Promise<CheckedMessage | undefined> {
  const row = await db
    .selectFrom("deliveries as d")
    .innerJoin("campaigns as c", "c.id", "d.campaign_id")
    .innerJoin("breaches as b", "b.id", "c.breach_id")
    .innerJoin("organisations as o", "o.id", "b.organisation_id")
    .select([
      "d.sent_at",
      "d.channel",
      "d.victim_id",
      "o.name as organisation_name",
      "b.title as breach_title",
    ])
    .where("d.verification_digest", "=", digest)
    .where("d.sent_at", "is not", null)
    .orderBy("d.id", "desc")
    .executeTakeFirst();
  if (!row) return findAnswer(db, digest);
  return {
    sentAt: row.sent_at,
    channel: row.channel,
    organisationName: row.organisation_name,
    breachTitle: row.breach_title,
    victimId: row.victim_id,
  };
}

/** An answer of "am I affected?" with this verification code's digest. */
async function findAnswer(db: Executor, digest: string): Promise<CheckedMessage | undefined> {
  const { rows } = await sql<{
    sent_at: Date;
    channel: string;
    organisation_name: string;
    breach_title: string;
  }>`
    select a.sent_at, a.channel, o.name as organisation_name, b.title as breach_title
    from affected_answers a
    join breaches b on b.id = a.breach_id
    join organisations o on o.id = b.organisation_id
    where a.verification_digest = ${digest}`.execute(db);
  const row = rows[0];
  if (!row) return findPortalLetter(db, digest);
  return {
    sentAt: new Date(row.sent_at),
    channel: row.channel,
    organisationName: row.organisation_name,
    breachTitle: row.breach_title,
    victimId: null,
  };
}

/** A letter My plan asked for (the plan on paper, a new address's confirmation), once it is in a batch. */
async function findPortalLetter(db: Executor, digest: string): Promise<CheckedMessage | undefined> {
  const { rows } = await sql<{
    sent_at: Date;
    organisation_name: string;
    breach_title: string;
  }>`
    select r.sent_at, o.name as organisation_name, b.title as breach_title
    from portal_requests r
    join breaches b on b.id = r.breach_id
    join organisations o on o.id = b.organisation_id
    where r.verification_digest = ${digest} and r.sent_at is not null`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  // No victim id: a confirmation letter goes to an address the file does not hold, so none is shown.
  return {
    sentAt: new Date(row.sent_at),
    channel: "letter",
    organisationName: row.organisation_name,
    breachTitle: row.breach_title,
    victimId: null,
  };
}

export const checkedMessages = { findByDigest };
