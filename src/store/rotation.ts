/**
 * Key rotation: after the master secret changes (the old one moved to LEKWIJZER_PREVIOUS_SECRETS),
 * `reencrypt` moves every victim to the current key — it opens the envelope with the old key, seals it again,
 * and re-keys the e-mail and phone hashes, the flag tokens and the content hash — page by page, each page in
 * its own transaction, so it can be stopped and run again. A personal code sealed beside its hash is opened,
 * sealed again and re-hashed under the current key too; codes issued before they were sealed exist only as a
 * hash and cannot be re-keyed: they keep working while their secret is in the ring and are counted, so
 * operators know when new codes have replaced them all. Purged victims have no envelope; their flag tokens
 * are re-keyed through the flag names the caller knows. Beside the victims it re-seals what else is sealed for
 * longer than a moment: DKIM keys, "Mijn plan" addresses, update subscriptions, staff accounts, open
 * contact-centre proofs and suspicious-message reports.
 */

import { sql } from "kysely";
import { canonicalCode, type Language } from "../core/index.ts";
import { audit } from "./audit.ts";
import { contactCentre } from "./contact-centre.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";
import { phishingReports } from "./phishing-reports.ts";
import { portalRequests } from "./portal-requests.ts";
import { personalCodeContext, sealedColumns } from "./sealing.ts";
import { senderProfiles } from "./sender-profiles.ts";
import { staffAccounts } from "./staff.ts";
import { updateSubscriptions } from "./update-subscriptions.ts";
import { victimChoices } from "./victim-choices.ts";
import { openEnvelope } from "./victims.ts";

export interface ReencryptOptions {
  /** Victims per transaction (default 2,000). */
  pageSize?: number;
  /** Flag names to re-key the tokens of purged victims with (flags seen in envelopes are added). */
  knownFlags?: readonly string[];
  actor?: string;
  onProgress?: (done: number) => void;
}

export interface ReencryptReport {
  keyId: string;
  /** Victims re-sealed and re-keyed. */
  resealed: number;
  /** Purged victims whose flag tokens were re-keyed. */
  retokenised: number;
  /** Flag tokens that matched no known flag and were left as they were. */
  unknownTokens: number;
  /** Personal codes still hashed with a previous key (valid while that secret stays configured). */
  codesUnderPreviousKeys: number;
  /** Organisations' DKIM private keys sealed again under the current key. */
  dkimKeysResealed: number;
  /** New addresses given on "Mijn plan" sealed again under the current key. */
  portalAddressesResealed: number;
  /** Addresses subscribed to update e-mails sealed and hashed again under the current key. */
  subscriptionsResealed: number;
  /** Console staff accounts whose address and second-factor secret were sealed and hashed again. */
  staffResealed: number;
  /**
   * Numbers that replied STOP, hashed again under the current key through the phone numbers of victims (an
   * opt-out of a number no victim has, such as a representative's, is not re-keyed).
   */
  smsOptOutsRekeyed: number;
  /** Open contact-centre proofs whose address and code were sealed and hashed again. */
  contactProofsResealed: number;
  /** Suspicious-message reports whose text and screenshot were sealed again. */
  phishingReportsResealed: number;
}

type Page = {
  id: number;
  breach_id: string;
  external_id: string;
  sealed: string | null;
  categories: string[];
  segment: string | null;
  language: Language;
  relation_ended: string | null;
  flag_tokens: string[];
  code_sealed: string | null;
};

/** One page's new column values, in the order of its rows. */
interface Rekeyed {
  ids: number[];
  sealed: (string | null)[];
  tokens: string[];
  emails: (string | null)[];
  phones: (string | null)[];
  rowHashes: (string | null)[];
  /** Whether a letter reaches the victim (false once purged): fills rows imported before it was kept. */
  postals: boolean[];
  /** The personal code sealed and hashed under the current key (null: none sealed, the columns stay). */
  codes: (string | null)[];
  codeHashes: (string | null)[];
}

/**
 * A page under the current key: a sealed victim is opened and sealed again (its flags join `knownFlags`);
 * a purged one keeps only flag tokens, renamed through `namesFor`. Counts go to `report`.
 */
function rekeyPage(
  rows: Page[],
  keys: Keyring,
  knownFlags: Set<string>,
  namesFor: (breachId: string) => Map<string, string>,
  report: ReencryptReport,
): Rekeyed {
  const ids: number[] = [];
  const sealed: (string | null)[] = [];
  const tokens: string[] = [];
  const emails: (string | null)[] = [];
  const phones: (string | null)[] = [];
  const rowHashes: (string | null)[] = [];
  const postals: boolean[] = [];
  const codes: (string | null)[] = [];
  const codeHashes: (string | null)[] = [];
  for (const row of rows) {
    ids.push(Number(row.id));
    const code = row.code_sealed
      ? keys.open(row.code_sealed, personalCodeContext(row.breach_id, row.external_id))
      : null;
    codes.push(code === null ? null : keys.seal(code, personalCodeContext(row.breach_id, row.external_id)));
    codeHashes.push(code === null ? null : keys.lookupHash("personal-code", canonicalCode(code)));
    if (row.sealed) {
      const envelope = openEnvelope(keys, row.breach_id, row.external_id, row.sealed);
      for (const flag of envelope.f ?? []) knownFlags.add(flag);
      const columns = sealedColumns(keys, row.breach_id, row.external_id, envelope, {
        categories: row.categories,
        segment: row.segment,
        language: row.language,
        ...(row.relation_ended ? { relationEnded: row.relation_ended } : {}),
      });
      sealed.push(columns.sealed);
      tokens.push(columns.flagTokens.join(","));
      emails.push(columns.emailHmac);
      phones.push(columns.phoneHmac);
      rowHashes.push(columns.rowHmac);
      postals.push(columns.postal);
      report.resealed++;
    } else {
      const names = namesFor(row.breach_id);
      const rekeyed = row.flag_tokens.map((token) => {
        const flag = names.get(token);
        if (flag === undefined) report.unknownTokens++;
        return flag === undefined ? token : keys.flagToken(row.breach_id, flag);
      });
      sealed.push(null);
      tokens.push(rekeyed.join(","));
      emails.push(null);
      phones.push(null);
      rowHashes.push(null);
      postals.push(false);
      report.retokenised++;
    }
  }
  return { ids, sealed, tokens, emails, phones, rowHashes, postals, codes, codeHashes };
}

/** Writes a re-keyed page; returns how many SMS opt-outs were carried over to the current key. */
async function writeRekeyed(db: Executor, keys: Keyring, page: Rekeyed): Promise<number> {
  const { ids, sealed, tokens, emails, phones, rowHashes, postals, codes, codeHashes } = page;
  return transaction(db, async (tx) => {
    // A number that replied STOP stays opted out: the opt-out's hash is the victim's phone hash under the old
    // key, so it is added again under the new one before the victim's hash moves.
    const optOuts = await sql`
      insert into sms_opt_outs (phone_hmac)
      select distinct n.phone_hmac from unnest(${ids}::bigint[], ${phones}::text[]) as n(id, phone_hmac)
      join victims v on v.id = n.id
      join sms_opt_outs o on o.phone_hmac = v.phone_hmac
      where n.phone_hmac is not null and n.phone_hmac <> v.phone_hmac
      on conflict (phone_hmac) do nothing`.execute(tx);
    await sql`
      update victims v set
        key_id = ${keys.keyId}, sealed = n.sealed,
        flag_tokens = case when n.tokens = '' then '{}'::text[] else string_to_array(n.tokens, ',') end,
        email_hmac = n.email_hmac, phone_hmac = n.phone_hmac, row_hmac = n.row_hmac, postal = n.postal,
        code_sealed = coalesce(n.code_sealed, v.code_sealed),
        code_hmac = coalesce(n.code_hmac, v.code_hmac),
        code_key_id = case when n.code_hmac is null then v.code_key_id else ${keys.keyId} end
      from unnest(${ids}::bigint[], ${sealed}::text[], ${tokens}::text[], ${emails}::text[],
                  ${phones}::text[], ${rowHashes}::text[], ${postals}::boolean[], ${codes}::text[],
                  ${codeHashes}::text[])
        as n(id, sealed, tokens, email_hmac, phone_hmac, row_hmac, postal, code_sealed, code_hmac)
      where v.id = n.id`.execute(tx);
    return Number(optOuts.numAffectedRows ?? 0);
  });
}

/** Addresses from My plan: new ones waiting for confirmation and confirmed ones. */
async function resealPortalAddresses(db: Executor, keys: Keyring): Promise<number> {
  return (await portalRequests.reseal(db, keys)) + (await victimChoices.reseal(db, keys));
}

function emptyReport(keyId: string): ReencryptReport {
  return {
    keyId,
    resealed: 0,
    retokenised: 0,
    unknownTokens: 0,
    codesUnderPreviousKeys: 0,
    dkimKeysResealed: 0,
    staffResealed: 0,
    smsOptOutsRekeyed: 0,
    contactProofsResealed: 0,
    phishingReportsResealed: 0,
    portalAddressesResealed: 0,
    subscriptionsResealed: 0,
  };
}

async function reencrypt(
  db: Executor,
  keys: Keyring,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  const pageSize = options.pageSize ?? 2_000;
  const knownFlags = new Set(options.knownFlags ?? []);
  const report = emptyReport(keys.keyId);
  // token under any key → flag name, per breach; filled lazily
  const tokenNames = new Map<string, Map<string, string>>();
  const namesFor = (breachId: string) => {
    let names = tokenNames.get(breachId);
    if (!names) {
      names = new Map();
      tokenNames.set(breachId, names);
    }
    for (const flag of knownFlags)
      if (![...names.values()].includes(flag))
        for (const token of keys.flagTokens(breachId, flag)) names.set(token, flag);
    return names;
  };

  let afterId = 0;
  for (;;) {
    const rows: Page[] = await db
      .selectFrom("victims")
      .select([
        "id",
        "breach_id",
        "external_id",
        "sealed",
        "categories",
        "segment",
        // As text: drivers turn a date into a local-time Date, which would move the day.
        sql<string | null>`to_char(relation_ended, 'YYYY-MM-DD')`.as("relation_ended"),
        "language",
        "flag_tokens",
        "code_sealed",
      ])
      .where("id", ">", afterId)
      // A code re-sealed under an older key than its row's envelope (a re-import after a rotation) counts too,
      // and so does a row imported before its postal flag was kept: the run then fills it in.
      .where((eb) =>
        eb.or([
          eb("key_id", "is", null),
          eb("key_id", "!=", keys.keyId),
          eb.and([eb("code_sealed", "is not", null), eb("code_key_id", "!=", keys.keyId)]),
          eb("postal", "is", null),
        ]),
      )
      .where((eb) => eb.or([eb("sealed", "is not", null), eb(sql<number>`cardinality(flag_tokens)`, ">", 0)]))
      .orderBy("id")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    afterId = Number(rows[rows.length - 1]?.id);
    report.smsOptOutsRekeyed += await writeRekeyed(
      db,
      keys,
      rekeyPage(rows, keys, knownFlags, namesFor, report),
    );
    options.onProgress?.(report.resealed + report.retokenised);
  }
  const codes = await db
    .selectFrom("victims")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("code_hmac", "is not", null)
    .where("code_key_id", "!=", keys.keyId)
    .executeTakeFirstOrThrow();
  report.codesUnderPreviousKeys = codes.n;
  Object.assign(report, await resealBeside(db, keys));
  await audit.append(db, keys, {
    actor: options.actor ?? "system",
    action: "keys.reencrypted",
    subject: null,
    details: { ...report },
  });
  return report;
}

/**
 * What is sealed outside the victims' rows: DKIM keys, "Mijn plan" addresses (requested and confirmed), update
 * e-mail subscriptions, console staff accounts, open contact-centre proofs, suspicious-message reports.
 */
async function resealBeside(
  db: Executor,
  keys: Keyring,
): Promise<
  Pick<
    ReencryptReport,
    | "dkimKeysResealed"
    | "portalAddressesResealed"
    | "subscriptionsResealed"
    | "staffResealed"
    | "contactProofsResealed"
    | "phishingReportsResealed"
  >
> {
  return {
    dkimKeysResealed: await senderProfiles.reseal(db, keys),
    portalAddressesResealed: await resealPortalAddresses(db, keys),
    subscriptionsResealed: await updateSubscriptions.reseal(db, keys),
    staffResealed: await staffAccounts.reseal(db, keys),
    contactProofsResealed: await contactCentre.reseal(db, keys),
    phishingReportsResealed: await phishingReports.reseal(db, keys),
  };
}

export const rotation = { reencrypt };
