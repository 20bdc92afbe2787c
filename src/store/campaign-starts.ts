/**
 * Hears campaigns start on PostgreSQL: the `campaigns_running_notice` trigger sends a notification when a
 * campaign's status becomes `running`, and a worker listening here sweeps at once instead of at its next
 * sweep. One connection of its own, opened again after it drops (a restart of the server); notifications
 * sent while it was away are not missed work, only a later start, as the regular sweep finds the campaign.
 */
import pg from "pg";
import type { SharedConnection } from "./engine.ts";

const CHANNEL = "lekwijzer_campaign_running";
const RECONNECT_MS = { first: 1_000, most: 30_000 };

export interface CampaignStartListener {
  stop(): Promise<void>;
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
  if (shared.engine !== "postgres") return { stop: async () => undefined };
  let stopped = false;
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
    });
    next.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload) onStart(message.payload);
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
  };
  void open();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

export const campaignStarts = { listen };
