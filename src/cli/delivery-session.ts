/**
 * Starts sending for a process: the adapters the configuration names, the job queue on the store's database,
 * and a delivery worker. In embedded mode the built-in outbox (a real SMTP server on localhost) stands in for
 * the relay, so `npm start` sends real SMTP end to end and bounces come back as real DSNs.
 */
import type { Logger } from "pino";
import { codeFromSeed } from "../core/index.ts";
import {
  applyBounces,
  type BounceReport,
  createDeliveryMetrics,
  createMxGrouper,
  createSharedDomainLimiter,
  createSmsGateway,
  createSmtpSender,
  DEFAULT_DOMAIN_CONFIG,
  type DeliveryMetrics,
  type DeliveryWorker,
  letterFolder,
  type Outbox,
  type OutboxSink,
  outboxDbSink,
  type SenderContext,
  startDeliveryWorker,
  startOutbox,
  startProgressSnapshots,
  startQueue,
  workerName,
} from "../delivery/index.ts";
import { canonicalCode } from "../messages/index.ts";
import {
  startAffectedCheckWorker,
  startCallerProofWorker,
  startPortalLetterWorker,
  startStaffMailWorker,
  startUpdateMailWorker,
} from "../operations/index.ts";
import { campaignStarts, outboxMessages, smsOptOuts } from "../store/index.ts";

const OUTBOX_KEEP_DAYS = 7;

import type { Config } from "./config.ts";
import type { StoreSession } from "./store-session.ts";

export interface DeliverySession {
  context: SenderContext;
  worker: DeliveryWorker;
  metrics: DeliveryMetrics;
  outbox?: Outbox;
  stop(): Promise<void>;
}

/** A bounce that overtakes its own send is kept and applied by the worker's sweep (see delivery/bounce-reports.ts). */
async function applyBounce(store: StoreSession, report: BounceReport, logger: Logger): Promise<void> {
  const result = await applyBounces(store, [report]);
  logger.info(result, "bounce report received");
}

/**
 * The built-in outbox on localhost, standing in for the relay in embedded mode: captured messages go to the
 * database, bounces it sends back are applied, and captured messages are purged after a week.
 */
async function startEmbeddedOutbox(
  store: StoreSession,
  config: Config,
  logger: Logger,
  bounceAddress: string | undefined,
  outboxSink: OutboxSink | undefined,
): Promise<{ outbox: Outbox; timer: NodeJS.Timeout }> {
  const sink =
    outboxSink ??
    outboxDbSink({
      db: store.db,
      ...(bounceAddress ? { bounceAddress } : {}),
      // Not awaited: the outbox answers the bounce's sender at once, and the retry may take seconds.
      onBounce: (report) => {
        applyBounce(store, report, logger).catch((error: Error) =>
          logger.warn({ err: error }, "bounce report not applied"),
        );
      },
      onError: (error) => logger.warn({ err: error }, "outbox message not understood"),
    });
  const outbox = await startOutbox({
    host: "127.0.0.1",
    port: config.delivery.outboxPort,
    sink,
    // Addresses at the reserved .invalid domain bounce, so the demo shows the fallback to a letter.
    bounceRecipients: (address) => address.toLowerCase().endsWith(".invalid"),
  });
  // Captured messages hold personal codes: keep them a week, long enough to look at a test run.
  const purgeOutbox = () =>
    outboxMessages
      .purge(store.db, { olderThanDays: OUTBOX_KEEP_DAYS })
      .catch((error: Error) => logger.warn({ err: error }, "outbox purge failed"));
  void purgeOutbox();
  const timer = setInterval(() => void purgeOutbox(), 6 * 3600_000);
  timer.unref();
  logger.info({ url: outbox.url }, "built-in outbox is listening (localhost only)");
  return { outbox, timer };
}

/** What the sender needs: the adapters the configuration names, rate rules, and the keyed codes. */
function senderContext(
  store: StoreSession,
  config: Config,
  logger: Logger,
  parts: {
    smtpUrl: string | undefined;
    bounceAddress: string | undefined;
    domains: SenderContext["domains"];
    metrics: DeliveryMetrics;
  },
): SenderContext {
  const d = config.delivery;
  const { smtpUrl, bounceAddress, domains, metrics } = parts;
  // Verification codes are keyed digests: a message's code can be checked later without being stored.
  return {
    db: store.db,
    keys: store.keys,
    publicUrl: config.publicUrl,
    // A new identity per process start: a restarted container (same host name, pid 1) must not renew or
    // record on the claims of the process it replaces.
    worker: workerName(),
    log: (level, event, message) => logger[level](event, message),
    ...(smtpUrl ? { email: createSmtpSender({ url: smtpUrl, maxConnections: d.smtpMaxConnections }) } : {}),
    ...(bounceAddress ? { bounceAddress } : {}),
    ...(d.smsGatewayUrl && d.smsGatewayToken
      ? { sms: createSmsGateway({ url: d.smsGatewayUrl, credentials: { bearer: d.smsGatewayToken } }) }
      : {}),
    letters: letterFolder({ dir: d.letterDir }),
    rates: {
      email: { perSecond: d.emailRate, burst: Math.max(1, Math.ceil(d.emailRate)) },
      sms: { perSecond: d.smsRate, burst: Math.max(1, Math.ceil(d.smsRate)) },
    },
    // Shared by every worker through the database, grouped by mail exchanger (a company domain hosted by
    // Microsoft 365 shares Microsoft's limit).
    domains,
    metrics,
    concurrency: d.smtpMaxConnections * 2,
    claimRenewMs: Math.max(250, (d.leaseSeconds * 1000) / 4),
    // From a keyed hash of campaign and victim: a message sent again after a crash carries the same code.
    verificationCode: (seed) =>
      codeFromSeed(Buffer.from(store.keys.lookupHash("verification-seed", seed), "hex")),
    smsOptedOut: (_breachId, phone) => smsOptOuts.has(store.db, store.keys, phone),
    verificationDigest: (code) => store.keys.lookupHash("verification-code", canonicalCode(code)),
  };
}

/** The platform's own sender: `OPERATOR_EMAIL`, else no-reply at the public host. */
function platformSender(config: Config): string {
  if (config.operatorEmail) return config.operatorEmail;
  const host = new URL(config.publicUrl).hostname;
  return `no-reply@${host.includes(".") ? host : `${host}.localdomain`}`;
}

/**
 * What the portal asks a sender for, on the delivery worker's own providers wherever it runs: "am I
 * affected?" answers, printed plans and address-confirmation letters from My plan (into the same print
 * folder), and update e-mails (confirmation codes and each published update to its subscribers).
 */
function startPortalSenders(
  store: StoreSession,
  config: Config,
  logger: Logger,
  context: SenderContext,
): { stop(): Promise<void> } {
  const operations = { db: store.db, keys: store.keys, publicUrl: config.publicUrl };
  const answers = startAffectedCheckWorker(operations, context, {
    onError: (error) => logger.warn({ err: error }, "affected-check answers failed"),
  });
  const portalLetters = context.letters
    ? startPortalLetterWorker(operations, context.letters, {
        worker: context.worker,
        log: (event, message) => logger.warn(event, message),
        onError: (error) => logger.warn({ err: error }, "portal letters failed"),
      })
    : undefined;
  const updateMail = startUpdateMailWorker(operations, context, {
    onError: (error) => logger.warn({ err: error }, "update e-mails failed"),
  });
  // Staff password-reset and invitation mails, from the platform's own address.
  const staffMail = startStaffMailWorker(operations, context, {
    from: platformSender(config),
    onError: (error) => logger.warn({ err: error }, "staff mails failed"),
  });
  // Contact-centre proof codes: a caller on the line reads the code back, so this worker polls every second.
  const callerProofs = startCallerProofWorker(operations, context, {
    onError: (error) => logger.warn({ err: error }, "contact-centre proof codes failed"),
  });
  return {
    async stop() {
      await callerProofs.stop();
      await portalLetters?.stop();
      await answers.stop();
      await updateMail.stop();
      await staffMail.stop();
    },
  };
}

export async function startDelivery(
  store: StoreSession,
  config: Config,
  logger: Logger,
  options: { outboxSink?: OutboxSink } = {},
): Promise<DeliverySession> {
  const d = config.delivery;
  const embedded = config.databaseUrl === undefined;
  const bounceAddress = d.bounceAddress ?? (embedded ? "bounces@lekwijzer.localdomain" : undefined);
  let outbox: Outbox | undefined;
  let outboxTimer: NodeJS.Timeout | undefined;
  let smtpUrl = d.smtpUrl;
  if (!smtpUrl && embedded) {
    const started = await startEmbeddedOutbox(store, config, logger, bounceAddress, options.outboxSink);
    outbox = started.outbox;
    outboxTimer = started.timer;
    smtpUrl = outbox.url;
  }
  const metrics = createDeliveryMetrics();
  const grouper = createMxGrouper({ lookup: d.mxLookup, timeoutMs: d.mxLookupTimeoutMs });
  const domains = createSharedDomainLimiter({
    db: store.db,
    groupOf: grouper.groupOf,
    config: { ...DEFAULT_DOMAIN_CONFIG, ...d.domainLimits },
    onError: (error) => logger.warn({ err: error }, "domain limit leases not renewed"),
  });
  const context = senderContext(store, config, logger, { smtpUrl, bounceAddress, domains, metrics });
  const shared = store.shared;
  const queue = await startQueue(
    shared.engine === "postgres"
      ? {
          connectionString: shared.databaseUrl,
          ...(shared.schema ? { schema: `${shared.schema}_boss` } : {}),
        }
      : { pglite: shared.client, serialize: shared.serialize },
  );
  const worker = await startDeliveryWorker(context, {
    queue,
    jobConcurrency: d.workerConcurrency,
    leaseMs: d.leaseSeconds * 1000,
    sweepEveryMs: Math.min(2_000, (d.leaseSeconds * 1000) / 2),
    onError: (error) => logger.warn({ err: error }, "delivery sweep failed"),
  });
  const portal = startPortalSenders(store, config, logger, context);
  // A campaign started anywhere is swept into jobs at once (PostgreSQL; elsewhere the sweep's timer serves).
  const starts = campaignStarts.listen(
    shared,
    () => worker.wake(),
    (error) => logger.warn({ err: error }, "campaign start notifications lost; the sweep's timer serves"),
  );
  // The console's campaign dashboards read these snapshots instead of counting deliveries per request.
  const snapshots = startProgressSnapshots(store.db, {
    onError: (error) => logger.warn({ err: error }, "campaign progress snapshots failed"),
  });
  return {
    context,
    worker,
    metrics,
    ...(outbox ? { outbox } : {}),
    async stop() {
      clearInterval(outboxTimer);
      await portal.stop();
      await snapshots.stop();
      await starts.stop();
      await worker.stop();
      await domains.close();
      await outbox?.close();
    },
  };
}
