/**
 * The look-up behind "is this message genuine?": the message whose verification code has this keyed digest,
 * with only what the check page shows (when, which channel, which organisation, the breach's title) and the
 * victim id, so the caller can mask the address the message went to. Reads the deliveries_verification index.
 */
import type { Executor } from "./engine.ts";

export interface CheckedMessage {
  sentAt: Date | null;
  /** The channel the message went out on (email, sms, letter). */
  channel: string | null;
  organisationName: string;
  breachTitle: string;
  victimId: number;
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
  if (!row) return undefined;
  return {
    sentAt: row.sent_at,
    channel: row.channel,
    organisationName: row.organisation_name,
    breachTitle: row.breach_title,
    victimId: row.victim_id,
  };
}

export const checkedMessages = { findByDigest };
