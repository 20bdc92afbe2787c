/**
 * The outbox as a process of its own, for the campaign benchmark and for running the sink apart from the
 * workers: `node src/delivery/outbox-main.ts [--port N] [--host H] [--sink count|folder:PATH]`. It prints one
 * JSON line with its URL when it listens and, on SIGTERM or SIGINT, one JSON line with what it received.
 */
import { parseArgs } from "node:util";
import { countingSink, folderSink, type OutboxSink, startOutbox } from "./outbox.ts";

export async function runOutboxProcess(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      sink: { type: "string", default: "count" },
      "max-connections": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port number: ${values.port}`);
  const counting = countingSink();
  let sink: OutboxSink = counting;
  if (values.sink.startsWith("folder:")) {
    const folder = folderSink(values.sink.slice("folder:".length));
    sink = {
      save: async (envelope, raw) =>
        Promise.all([counting.save(envelope, raw), folder.save(envelope, raw)]).then(() => {}),
    };
  } else if (values.sink !== "count") {
    throw new Error(`--sink: expected count or folder:PATH, got ${values.sink}`);
  }
  const maxConnections = values["max-connections"] ? Number(values["max-connections"]) : undefined;
  const outbox = await startOutbox({
    sink,
    host: values.host,
    port,
    ...(maxConnections ? { maxConnections } : {}),
  });
  process.stdout.write(`${JSON.stringify({ url: outbox.url, port: outbox.port })}\n`);
  const stop = async () => {
    await outbox.close();
    process.stdout.write(`${JSON.stringify(counting.counts())}\n`);
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  runOutboxProcess(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`outbox: ${error.message}\n`);
    process.exit(2);
  });
}
