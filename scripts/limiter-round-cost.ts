/**
 * What one round of the per-domain limiter (`domainLimits.settleGroups`) costs the PostgreSQL server, by the
 * number of groups it carries: CPU time of the server process serving it (from /proc, so run it on the
 * database's machine) and the round's time as the worker sees it.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/limiter-round-cost.ts [ROUNDS]
 *
 * Each group holds `LEASES` leases, as a busy mail provider's group does while a campaign runs. It works in a
 * schema of its own, which it drops at the end.
 */
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { DEFAULT_DOMAIN_CONFIG } from "../src/delivery/rate.ts";
import { type DomainLimitSettings, domainLimits, migrate, openDatabase } from "../src/store/index.ts";
import { scratchSchema } from "./_scratch-schema.ts";

const ROUNDS = Number(process.argv[2] ?? 1_500);
const LEASES = 16;
const { url, schema, drop } = await scratchSchema("lw_rounds");
// One connection, so every round is served by the one server process measured.
const handle = await openDatabase({ databaseUrl: url, schema, poolSize: 1 });
try {
  await migrate(handle);
  const settings: DomainLimitSettings = {
    ...DEFAULT_DOMAIN_CONFIG,
    initialConcurrency: 64,
    maxConcurrency: 64,
  };
  const groups = Array.from({ length: 16 }, (_, i) => `group-${i}`);
  await domainLimits.ensureGroups(handle.db, groups, settings);
  const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]?.pid;
  const serverCpuMs = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  let sequence = 0;
  const held = new Map<string, string[]>(groups.map((g) => [g, []]));
  // Each round gives back the oldest lease of a group holding its share and asks for one more, with a sent
  // message to count: the steady state of a worker sending to the group.
  const part = (group: string) => {
    const leases = held.get(group) ?? [];
    const freed = leases.length >= LEASES ? leases.splice(0, 1) : [];
    const lease = `bench:${++sequence}`;
    leases.push(lease);
    return { group, sent: 1, rejected: 0, freed, leases: [lease], tokens: 1, spareTokens: 8 };
  };
  const table: Record<string, number | string>[] = [];
  for (const size of [1, 2, 4, 8, 16]) {
    const cpuBefore = serverCpuMs();
    const started = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      await domainLimits.settleGroups(handle.db, {
        requests: groups.slice(0, size).map(part),
        leaseMs: 60_000,
        settings,
      });
    }
    table.push({
      groupsPerRound: size,
      serverCpuUsPerRound: Math.round(((serverCpuMs() - cpuBefore) / ROUNDS) * 1000),
      roundUs: Math.round(((performance.now() - started) / ROUNDS) * 1000),
    });
  }
  console.table(table);
} finally {
  await handle.close();
  await drop();
}
