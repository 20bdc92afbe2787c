/**
 * A worker process for the crash test: works the named queue on PostgreSQL, prints each batch it takes as
 * one JSON line, and never finishes it — the test kills it with SIGKILL while it holds the batch.
 * Arguments: connection string, pg-boss schema, queue name.
 */
import { startQueue } from "./queue.ts";

const [connectionString = "", schema = "", name = ""] = process.argv.slice(2);
const queue = await startQueue({ connectionString, schema });
await queue.work(name, async (job) => {
  process.stdout.write(`${JSON.stringify({ jobId: job.jobId, ids: job.ids })}\n`);
  await new Promise(() => {});
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
