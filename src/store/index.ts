/**
 * store: the only part that talks to the database. It owns the schema and its migrations, the two engines
 * (PGlite embedded, PostgreSQL in production), the keyring (sealing, keyed look-up hashes, flag tokens, audit
 * key), named queries per table (no SQL outside this part), the keyed audit chain and the retention purge.
 *
 * Public API (every function takes an `Executor` first: `handle.db`, or the `tx` of a transaction):
 *
 * Engines and transactions
 *   openDatabase({ databaseUrl? | dataDir?, loadDataDir?, schema?, poolSize? }) → DatabaseHandle
 *     { db, engine, ping(), transaction(fn), backup?() (PGlite), close() }
 *   migrate(handle) → names applied
 *   transaction(db, async (tx) => …) → runs fn in one transaction; given a tx, joins it. PGlite serialises its
 *     single connection: inside fn use only tx.
 *
 * Keys
 *   createKeyring(masterSecret, previousSecrets = []) → Keyring  (rejects short or low-entropy secrets)
 *   secretProblem(secret) → why a secret is unfit, or undefined
 *
 * Victims (sealed: contact fields + flags in one AES-GCM envelope bound to breach id and external id)
 *   victims.insertBatch(db, keys, breachId, rows: VictimInput[], { issueCodes?, pool? })
 *     → { inserted, codes?: Map<externalId, code> }              COPY; new external ids only
 *   victims.upsertBatch(db, keys, breachId, rows, { issueCodes?, pool?, fingerprints? })
 *     → { inserted, updated, unchanged, superseded, codes?, fingerprints? }  idempotent by external id;
 *       codes for new only; fingerprints: content hash before (null = new) and after, per kept row
 *   victims.startSealing(keys, breachId, rows, { issueCodes?, pool?, fingerprints? }) → SealingBatch
 *       hands every chunk to the sealing workers now (rows may be dropped); bounded batches only
 *   victims.upsertSealed(db, breachId, batch, { issueCodes?, fingerprints? }) → as upsertBatch (one at a time)
 *   createVictimWriter(db, keys, breachId, { onCodes?, pool? }) → an importer's writer: seals each batch at
 *       once, writes batches in call order (seal-ahead while the one before is written)
 *   victims.get(db, keys, id) / getByExternalId(db, keys, breachId, externalId) / getMany(db, keys, ids)
 *   victims.findByEmail(db, keys, breachId, email) / findByPhone(db, keys, breachId, phone)
 *   victims.findByPersonalCode(db, keys, code)                   (any breach)
 *   victims.list(db, keys, { breachId, flag?, segment?, afterId?, limit? }) → Victim[] (opened)
 *   victims.listIds(db, keys, { … same … }) → ids                 flag selection by keyed token, no decryption
 *   victims.countByFlag(db, keys, breachId, flag) / countByBreach(db, breachId)
 *   createSealPool(keys, threads?) → SealPool                     (a shared one per keyring is used by default)
 *
 * Personal codes (core's code format: ≈ 74 bits, CSPRNG, readable alphabet, check character; only a keyed
 * hash of `canonicalCode(code)` is stored; `findByPersonalCode` ignores input that is not a code)
 *   personalCodes.issue(db, keys, victimId) → plaintext code (once); the previous code stops working
 *   personalCodes.revoke(db, victimId)
 *
 * Audit (HMAC chain keyed from the master secret; joins the caller's transaction)
 *   audit.append(db, keys, { actor, action, subject?, details? }) → AuditEntry
 *   audit.head(db) → { seq, hash }                               export with evidence and logs
 *   audit.verify(db, keys, { expectedHead? }) → { ok, count, head } | { ok: false, seq, problem }
 *
 * Import jobs (one running per breach; error report stored in chunks)
 *   imports.start(db, orgId, { breachId, source, actor }) → ImportJob | undefined  (ImportBusyError while one runs)
 *   imports.recordProgress / finish / fail(db, orgId, id, …) / failInterrupted(db, orgId, breachId)
 *   imports.get(db, orgId, breachId, id) / listByBreach(db, orgId, breachId)     filtered on the organisation in SQL
 *   imports.failInterruptedAcrossOrganisations(db)                                 the start-up sweep
 *   imports.appendReport(db, id, seq, chunk) / readReport(db, orgId, id) → AsyncIterable<Buffer>
 *   imports.touchUpload / appendUpload(db, id, seq, sealed) / queueUploaded(db, orgId, id, file)   an API upload
 *   imports.claimNextAcrossOrganisations(db) → ClaimedImport | undefined / readUpload / dropUpload   workers
 *   withImportLedger(db, async (ledger) => …) → an import's bookkeeping tables on one session, on both engines
 *
 * Regulator notices (numbered per breach), NIS2 clocks, a processor's controller notices; oversight figures
 *   regulatorNotices.create / listByBreach / get(db, orgId, breachId, n) / nis2Of / setNis2
 *     / addControllerNotice / controllerNotices                   filtered on the organisation in SQL
 *   regulatorNotices.listAcrossOrganisations / listByBreachAcrossOrganisations / figuresAcrossOrganisations
 *     / alertsAcrossOrganisations                                 the regulator's view only
 *
 * The transparency register (K16): a draft per organisation, published as numbered versions never changed after
 *   transparency.draft / add / change / remove(db, orgId, …)    filtered on the organisation in SQL
 *   transparency.publish(db, orgId, entries, by) / latest(db, orgId)
 *   transparency.latestBySlug(db, slug) / listPublished(db)      public: published versions only
 *   transparency.retentionCounts(db, breachId, rules)           K17: counts of people kept past a period
 *
 * Breaches, organisations, retention, rotation
 *   organisations.create / get / getBySlug / list
 *   breaches.create / get(db, orgId, id) / getBySlug(db, orgId, slug) / listByOrganisation(db, orgId)
 *     / updateStatus(db, orgId, id, status) / recordAuthorityNotified(db, orgId, id, at)
 *     / setLegalHold(db, keys, orgId, breachId, reason, actor) / releaseLegalHold(db, keys, orgId, breachId, actor)
 *   breaches.getAcrossOrganisations(db, id) / listAcrossOrganisations(db)   the worker's and the operator's only
 *   retention.purge(db, keys, { retentionDays, dryRun?, actor?, now? }) → PurgeReport
 *   retention.schedule(db, keys, { retentionDays, everyHours?, firstRunAfterMs?, onResult?, onError? }) → { stop, idle }
 *   rotation.reencrypt(db, keys, { pageSize?, knownFlags?, actor?, onProgress? }) → ReencryptReport
 *
 * Per-receiving-domain-group limits shared by all workers (one row per group; rules of delivery/rate.ts)
 *   domainLimits.take(db, { group, lease, leaseMs, settings, now? }) → { verdict: ok|backoff|concurrency|rate, waitMs }
 *   domainLimits.report(db, { group, lease, outcome, retryAfterMs?, settings, now? })   frees the lease, adapts
 *   domainLimits.settleGroups(db, { requests: [{ group, sent, rejected, freed, leases, tokens, spareTokens }], leaseMs,
 *     settings }) → Map<group, { leases, tokens, backoffMs, … }>   a worker reservoir's round (groups with a row)
 *   domainLimits.ensureGroups(db, groups, settings)                                      rows for new groups
 *   domainLimits.renew(db, [{ group, leases }], leaseMs) / releaseHolder(db, holder)     leases of one worker
 *   domainLimits.list(db, { groups?, now? }) → DomainLimitState[];  domainLimits.now(db) → database clock (ms)
 *   campaignStarts.listen(shared, onStart(campaignId), onError?) → { ready, stop() }   PostgreSQL: hears a
 *       campaign of its own schema become running (a trigger's notification), on a connection of its own;
 *       PGlite: hears nothing
 * Sender profiles and sending domains (the DKIM private key sealed apart, bound to the organisation id)
 *   senderProfiles.get(db, keys, orgId) → { profile, hasDkimKey, dkimKeyFingerprint, dkimPublicKey } | undefined
 *   senderProfiles.forSending(db, keys, orgId) → { sender (key opened in memory), profile, fingerprint }
 *   senderProfiles.set(db, keys, orgId, profile, pem | null | "keep") / sealLegacyKeys(db, keys) / reseal(db, keys)
 *   sendingDomains.add / get / list / markVerified(db, { orgId, domain, method, by }) / verifiedCovering
 *
 * Updates of a breach (every statement filtered on the organisation in SQL; another organisation's is absent)
 *   breachUpdates.create(db, { organisationId, breachId, title, body }) → BreachUpdate | undefined (draft)
 *   breachUpdates.listByBreach(db, orgId, breachId) → newest first | undefined;  .get(db, orgId, breachId, id)
 *   breachUpdates.publish(db, orgId, breachId, id) → the published update | undefined (absent or published)
 *
 * Public breach pages (reads cross organisations, but only ever reach breaches whose page was published)
 *   breachPages.publish(db, orgId, breachId, slug) → { pageSlug, publishedAt } | "taken" | undefined
 *   breachPages.getPublished(db, breachId) / read(db, slug, variant) → stored bytes or "render first"
 *   breachPages.save(db, breachId, variants) / forget(db, breachId)      the rendered bytes per variant
 *   breachPages.listPublished(db) (sitemap) / findByOrganisationName(db, name) (old advice links)
 *   breachPages.publishedUpdates(db, breachId) / approvedNoticeTexts(db, breachId)   what a page shows
 *   breachRegister.setListed(db, orgId, breachId, listed, now) / list(db, limit)   the public register
 *   evidence.campaignsOf / updatesOf(db, breachId) / auditAbout(db, subjects)   an evidence export's reads
 *   progressSnapshots.due / claim / take / schedule / series   campaign dashboards without per-request counts
 *   auditViews.latest(db, n) / ofOrganisation(db, orgId, n)   the audit log as the console shows it
 * Suspicious-message reports and phishing warnings (text and screenshot sealed per report; no reporter data)
 *   phishingReports.publicBreachBySlug(db, slug) → a published breach | undefined (ambiguous slug: undefined)
 *   phishingReports.insert(db, keys, report) → id;  .list / .counts / .texts / .screenshot(db, [keys,] {orgId, breachId}, …)
 *   phishingReports.purgeBefore(db, keys, cutoff, actor) → deleted (breaches on legal hold kept)
 *   phishingReports.insertWarning / listWarnings(db, orgId, breachId) / activeWarnings(db, breachId) / withdrawWarning
 *
 * Built-in outbox (embedded mode) and metrics
 *   outboxMessages.insert(db, { receivedAt, mailFrom, rcptTo, messageId?, subject?, raw }) → id
 *   outboxMessages.list(db, { limit, offset? }) → { total, items } newest first; .get(db, id) → with raw bytes
 *   outboxMessages.purge(db, { olderThanDays, now? }) → number deleted
 *   webhookReplays.remember(db, key, expiresAt) → false when the key was seen before (a replayed webhook)
 *   affectedChecks.enqueue(db, keys, { breachId, channel, address, language, perAddressPerDay, smsPerDay })
 *     → queued | address-limit | sms-budget   "am I affected?": keyed hash + sealed address, counted per day
 *   affectedChecks.claim(db, keys, { limit, leaseMs }) / finish / retryLater / sweep / smsBudgetSpent
 *     / publicBreachBySlug(db, slug) / recordAnswer(db, { verificationDigest, breachId, channel })
 *     the worker answers by e-mail or text, then deletes the row; /echt knows the answer's code
 *   checkedMessages.findByDigest(db, keys, digest) → when, channel, organisation, breach title, recipient
 *     ("is this message genuine?", one round trip; no recipient for an "am I affected?" answer)
 *   deliveryStats.deliveryCounts(db, windowSeconds) / deferralsByDomain(db, limit?) / campaignsByStatus(db)
 *     / queueJobs(db, queue, schema = "pgboss")           one GROUP BY each, for GET /metrics
 *
 * "Mijn plan" (the victim portal behind the personal code)
 *   portalSessions.open(db, { tokenHash, victimId, now }) / find(db, tokenHash, { now, idleMs, absoluteMs })
 *     / end(db, tokenHash) / sweep(db, times)       only a hash of the token; a new or revoked code ends them
 *   planProgress.list(db, victimId) / replace(db, victimId, doneStepIds)
 *   portalRequests.create(db, keys, { victimId, kind, address? }) / listForVictim(db, victimId)
 *     / listByBreach(db, keys, orgId, breachId)     a new address sealed, pending confirmation; status, times
 *   portalLetters.claim(db, keys, { worker, limit, leaseMs }) / assignBatch(db, worker, assignments)
 *     / finish(db, worker, id, status) / retryLater / awaitingCode(db, keys, victimId) / takeTry / refuse
 *     / endAwaiting / expireOthers / reopenWithoutAddress    the letters' work queue (SKIP LOCKED, a lease)
 *   victimChoices.setAddress(db, keys, { victimId, breachId, address }) / setPrefersLetters / getMany / get
 *     / reseal / purgeBreach    a confirmed new address (sealed, bound to the victim) and letters first
 *     / listByBreach(db, keys, orgId, breachId)     a new address sealed, pending confirmation
 *   updateSubscriptions.request(db, keys, { victimId, email, language, limits }) → queued | subscribed | …-limit
 *     / stateOf(db, keys, victimId) / confirm(db, keys, { victimId, code, maxWrong, now }) / cancel(db, victimId)
 *     / unsubscribeByToken(db, token) / claimConfirmations / setCode / confirmationDone / retryConfirmation
 *     / sweep / purgeBreach / reseal         update e-mails (double opt-in); address + token sealed per victim
 *   updateMailings.enqueueUpdate(db, updateId) / expandFanout(db, batch) / claimMailings(db, keys, { limit, leaseMs })
 *     / finishMailings(db, outcomes) / retryMailing / countsOf(db, updateIds)   once per subscriber per update
 * Contact centre (proofs and caller-view handles are found only with the agent and session that made them)
 *   contactCentre.createProof / claimProofs / proofSent / retryProof / proofFor / wrongTry / useProof
 *     / openLookup / findLookup / sweep      address and code sealed per proof (and the code's keyed hash) until used
 *   contactCentre.codeHash / codeHashes(keys, proofId, code) / reseal(db, keys)   re-keyed by key rotation
 *   contactCentre.deliveriesOf(db, orgId, victimId) / requeueNotice(db, { organisationId, victimId, channel })
 * Console staff (e-mail by keyed hash, sealed; Argon2id hash made by the caller; TOTP secret sealed, last step kept)
 *   staffAccounts.create(db, keys, { organisationId, email, displayName, roles, passwordHash, createdBy }) → account | "taken"
 *     / credentialsByEmail / credentials / get(db, keys, orgId, id) / list(db, keys, orgId)   orgId null: platform staff
 *     / recordFailure(db, id, { now, maxAttempts, lockMs }) → locked now / clearFailures / setPassword (ends sessions)
 *     / setPendingTotp / openTotp / useTotpStep(db, id, step, now) → false for a step used before / resetTotp
 *     / disable / setRoles                         every change of an organisation's staff filtered on it in SQL
 *   staffSessions.open / find(db, tokenHash, { now, idleMs, absoluteMs, pendingMs }) / end / sweep
 *   staffResets.request(db, staffId, { now, perHour }) / claim / setToken / mailDone / retry / find / consume
 *   secureDataDir(dir) → paths fixed (0700 folder, no group/other bits); DataDirError when it cannot
 */

export { type AffectedCheckChannel, affectedChecks, type ClaimedAffectedCheck } from "./affected-checks.ts";
export {
  API_KEY_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  apiKeys,
  normaliseHolder,
  scopeAllows,
} from "./api-keys.ts";
export { type AuditHead, type AuditVerification, audit } from "./audit.ts";
export { type AuditLine, auditViews } from "./audit-views.ts";
export { breachPages, type PublishedBreach, type PublishedUpdate } from "./breach-pages.ts";
export { breachRegister, type RegisterRow } from "./breach-register.ts";
export { type Breach, breaches } from "./breaches.ts";
export { campaignStarts } from "./campaign-starts.ts";
export { type Campaign, campaigns } from "./campaigns.ts";
export { type ClaimedContactProof, contactCentre } from "./contact-centre.ts";
export { createKeyring, type Keyring, secretProblem } from "./crypto.ts";
export {
  type CampaignProgress,
  type ChannelHealth,
  type ClaimedDelivery,
  type ClaimItem,
  type DeliveryPatch,
  type DeliveryRow,
  deliveries,
  type FeedbackKind,
  type OutcomeRecord,
  type PeekedDelivery,
  type PendingFeedback,
} from "./deliveries.ts";
export { deliveryStats } from "./delivery-stats.ts";
export {
  type DomainLimitSettings,
  type DomainLimitSettle,
  type DomainLimitSettleResult,
  domainLimits,
} from "./domain-limits.ts";
export { type DatabaseHandle, type Db, type Executor, openDatabase, transaction } from "./engine.ts";
export { type AuditEvidence, evidence } from "./evidence.ts";
export { secureDataDir } from "./files.ts";
export { withImportLedger } from "./import-ledger.ts";
export {
  IMPORT_STALE_AFTER_MS,
  ImportBusyError,
  type ImportJob,
  imports,
} from "./imports.ts";
export { type CheckedRecipient, checkedMessages } from "./message-check.ts";
export { migrate } from "./migrations.ts";
export { type Organisation, organisations } from "./organisations.ts";
export { outboxMessages } from "./outbox.ts";
export {
  type PhishingChannel,
  type PhishingReport,
  type PhishingWarning,
  type PublicBreach,
  phishingReports,
} from "./phishing-reports.ts";
export { planProgress } from "./plan-progress.ts";
export { type ClaimedEmailNotice, type ClaimedPortalLetter, portalLetters } from "./portal-letters.ts";
export { type OwnPortalRequest, type PortalRequest, portalRequests } from "./portal-requests.ts";
export { portalSessions } from "./portal-sessions.ts";
export {
  type ProgressSnapshot,
  progressSnapshots,
} from "./progress-snapshots.ts";
export { rateBuckets } from "./rate-buckets.ts";
export {
  type ControllerNotice,
  type Nis2Clock,
  type NoticePhase,
  type RegulatorNotice,
  regulatorNotices,
} from "./regulator-notices.ts";
export { type PurgeSchedule, retention } from "./retention.ts";
export { rotation } from "./rotation.ts";
export type { CampaignKind, CampaignSelection, CampaignStatus } from "./schema.ts";
export { dkimPublicKey, senderProfiles } from "./sender-profiles.ts";
export { type SendingDomain, sendingDomains, verificationRecord } from "./sending-domains.ts";
export { smsOptOuts } from "./sms-opt-outs.ts";
export {
  normaliseStaffEmail,
  type StaffAccount,
  type StaffStage,
  staffAccounts,
  staffResets,
  staffSessions,
} from "./staff.ts";
export {
  type LegalBasis,
  type RetentionFrom,
  type TransparencyEntry,
  type TransparencyEntryInput,
  type TransparencyVersion,
  transparency,
} from "./transparency.ts";
export {
  type ClaimedMailing,
  type MailCounts,
  type SubscriptionLimits,
  updateMailings,
  updateSubscriptions,
} from "./update-subscriptions.ts";
export { type BreachUpdate, breachUpdates } from "./updates.ts";
export { type VictimChoice, victimChoices } from "./victim-choices.ts";
export { type VictimCounts, victimCounts } from "./victim-counts.ts";
export { createVictimWriter } from "./victim-writer.ts";
export { personalCodes, type Victim, type VictimInput, victims } from "./victims.ts";
export { webhookReplays } from "./webhook-replays.ts";
