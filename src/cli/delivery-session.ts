/**
 * Starts sending for a process: the adapters the configuration names, the job queue on the store's database,
 * and a delivery worker. In embedded mode the built-in outbox (a real SMTP server on localhost) stands in for
 * the relay, so `npm start` sends real SMTP end to end and bounces come back as real DSNs.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import {
  applyBounces,
  createDeliveryMetrics,
  createDomainLimiter,
  createSmsGateway,
  createSmtpSender,
  type DeliveryMetrics,
  type DeliveryWorker,
  folderSink,
  letterFolder,
  type Outbox,
  type OutboxSink,
  parseDsn,
  type SenderContext,
  startDeliveryWorker,
  startOutbox,
  startQueue,
} from "../delivery/index.ts";
import { canonicalCode, generateVerificationCode } from "../messages/index.ts";
import { rawQuery, smsOptOuts } from "../store/index.ts";
import type { Config } from "./config.ts";
import type { StoreSession } from "./store-session.ts";

export interface DeliverySession {
  context: SenderContext;
  worker: DeliveryWorker;
  metrics: DeliveryMetrics;
  outbox?: Outbox;
  stop(): Promise<void>;
}

/** Messages to the bounce address are DSNs: apply them; everything else is kept for the outbox page. */
function bounceAwareSink(
  store: StoreSession,
  kept: OutboxSink,
  bounceAddress: string,
  logger: Logger,
): OutboxSink {
  return {
    async save(envelope, raw) {
      if (envelope.to.some((to) => to.toLowerCase() === bounceAddress.toLowerCase())) {
        let report: Awaited<ReturnType<typeof parseDsn>>;
        try {
          report = await parseDsn(raw);
        } catch (error) {
          logger.warn({ err: error }, "bounce report not understood");
          return;
        }
        // A bounce can arrive before its own send is recorded (the outbox answers at once): try a few times.
        void (async () => {
          for (let attempt = 0; attempt < 10; attempt++) {
            const result = await applyBounces(store.db, [report]);
            if (result.applied > 0) return logger.info(result, "bounce report applied");
            await new Promise((resolve) => setTimeout(resolve, 2_000));
          }
          logger.warn("bounce report matched no delivery");
        })().catch((error: Error) => logger.warn({ err: error }, "bounce report not applied"));
        return;
      }
      await kept.save(envelope, raw);
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
  let smtpUrl = d.smtpUrl;
  if (!smtpUrl && embedded) {
    const kept = options.outboxSink ?? folderSink(join(config.dataDir, "outbox"));
    outbox = await startOutbox({
      host: "127.0.0.1",
      port: d.outboxPort,
      sink: bounceAwareSink(store, kept, bounceAddress ?? "", logger),
      // Addresses at the reserved .invalid domain bounce, so the demo shows the fallback to a letter.
      bounceRecipients: (address) => address.toLowerCase().endsWith(".invalid"),
    });
    smtpUrl = outbox.url;
    logger.info({ url: outbox.url }, "built-in outbox is listening (localhost only)");
  }
  const metrics = createDeliveryMetrics();
  // Verification codes are keyed digests: a message's code can be checked later without being stored.
  const context: SenderContext = {
    db: store.db,
    keys: store.keys,
    worker: `${hostname()}:${process.pid}`,
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
    rateQuery: (text, params) => rawQuery(store.db, text, params),
    domains: createDomainLimiter(),
    metrics,
    concurrency: d.smtpMaxConnections * 2,
    verificationCode: () => generateVerificationCode(),
    smsOptedOut: (_breachId, phone) => smsOptOuts.has(store.db, store.keys, phone),
    verificationDigest: (code) => store.keys.lookupHash("verification-code", canonicalCode(code)),
  };
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
    onError: (error) => logger.warn({ err: error }, "delivery sweep failed"),
  });
  return {
    context,
    worker,
    metrics,
    ...(outbox ? { outbox } : {}),
    async stop() {
      await worker.stop();
      await outbox?.close();
    },
  };
}
