/**
 * The look-up behind "is this message genuine?": the message whose verification code has this keyed digest,
 * with only what the check page shows (when, which channel, which organisation, the breach's title) and the
 * contact point the message went to, opened here so the caller can mask it. One round trip for every answer,
 * found or not, through the `verification_lookup` function (store/migrations.ts: its plan is made once per
 * connection), because this page takes the load of everyone who doubts a message after a national breach.
 */
import { sql } from "kysely";
import type { PostalAddress } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
import { openEnvelope } from "./victims.ts";

/** Where a message went: a represented person's messages went to the contact person. */
export interface CheckedRecipient {
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
}

export interface CheckedMessage {
  sentAt: Date | null;
  /** The channel the message went out on (email, sms, letter). */
  channel: string | null;
  organisationName: string;
  breachTitle: string;
  /**
   * The contact point the message was addressed to; null for an answer of "am I affected?" (which keeps no
   * link to anyone, store/affected-checks.ts) and once the person's contact data was purged.
   */
  recipient: CheckedRecipient | null;
}

interface Row {
  sent_at: Date | string | null;
  channel: string | null;
  organisation_name: string;
  breach_title: string;
  victim_breach_id: string | null;
  external_id: string | null;
  sealed: string | null;
}

function recipientOf(keys: Keyring, row: Row): CheckedRecipient | null {
  if (!row.sealed || !row.victim_breach_id || !row.external_id) return null;
  const envelope = openEnvelope(keys, row.victim_breach_id, row.external_id, row.sealed);
  const to = envelope.c ?? envelope;
  return { email: to.e ?? null, phone: to.p ?? null, address: to.a ?? null };
}

/**
 * The sent message that carried the code with this digest (the newest, should a code ever repeat), else the
 * "am I affected?" answer with it, else a letter My plan asked for; messages not yet handed over count as
 * unknown.
 */
async function findByDigest(
  db: Executor,
  keys: Keyring,
  digest: string,
): Promise<CheckedMessage | undefined> {
  const { rows } = await sql<Row>`select * from verification_lookup(${digest})`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    channel: row.channel,
    organisationName: row.organisation_name,
    breachTitle: row.breach_title,
    recipient: recipientOf(keys, row),
  };
}

export const checkedMessages = { findByDigest };
