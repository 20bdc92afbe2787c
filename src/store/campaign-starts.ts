/**
 * Hears campaigns start on PostgreSQL: the `campaigns_running_notice` trigger sends a notification when a
 * campaign's status becomes `running`, and a worker listening here sweeps at once instead of at its next
 * sweep. One connection of its own, opened again after it drops (a restart of the server); notifications
 * sent while it was away are not missed work, only a later start, as the regular sweep finds the campaign.
 * Notifications are database-wide, not per schema: each names its campaign's schema ("schema id"), and a
 * listener hears only its own deployment's (another schema on the same server, as tests use, stays apart).
 */
import pg from "pg";
import type { SharedConnection } from "./engine.ts";

const CHANNEL = "lekwijzer_campaign_running";
const RECONNECT_MS = { first: 1_000, most: 30_000 };

export interface CampaignStartListener {
  /** Settles once the listener first listens (or is stopped first): starts from then on are heard. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** The campaign id of a notification for `schema`; undefined for another schema's. */
function campaignOf(payload: string, schema: string): string | undefined {
  const space = payload.lastIndexOf(" ");
  return payload.slice(0, space) === schema ? payload.slice(space + 1) : undefined;
}

/**
 * Calls `onStart` with the id of each campaign that starts running, from any process. PGlite has one
 * process and no second connection to listen on: nothing is heard there, and the sweep's timer serves.
 */
function listen(
  shared: SharedConnection,
  onStart: (campaignId: string) => void,
  onError: (error: Error) => void = () => undefined,
): CampaignStartListener {
  if (shared.engine !== "postgres") return { ready: Promise.resolve(), stop: async () => undefined };
  let stopped = false;
  const { promise: ready, resolve: settleReady } = Promise.withResolvers<void>();
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let wait = RECONNECT_MS.first;
  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, wait);
    retry.unref();
    wait = Math.min(RECONNECT_MS.most, wait * 2);
  };
  const open = async () => {
    const next = new pg.Client({
      connectionString: shared.databaseUrl,
      application_name: "lekwijzer-listen",
      // The store's search path, so `current_schema()` below names the schema its tables are in.
      ...(shared.schema ? { options: `-c search_path=${shared.schema}` } : {}),
    });
    let schema: string | undefined;
    next.on("notification", (message) => {
      if (message.channel !== CHANNEL || !message.payload || schema === undefined) return;
      const campaignId = campaignOf(message.payload, schema);
      if (campaignId) onStart(campaignId);
    });
    next.on("error", (error) => {
      onError(error);
      next.end().catch(() => undefined);
      reconnectLater();
    });
    // Closed by the server without an error event (a terminated backend): listen again all the same.
    next.on("end", () => {
      if (client !== next) return;
      client = undefined;
      reconnectLater();
    });
    try {
      await next.connect();
      schema = (await next.query<{ schema: string }>("select current_schema() as schema")).rows[0]?.schema;
      await next.query(`listen ${CHANNEL}`);
    } catch (error) {
      onError(error as Error);
      await next.end().catch(() => undefined);
      reconnectLater();
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    wait = RECONNECT_MS.first;
    settleReady();
  };
  void open();
  return {
    ready,
    async stop() {
      stopped = true;
      settleReady();
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

export const campaignStarts = { listen };
