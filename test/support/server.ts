/** Starts the real server on a free port for cross-part and browser tests. */
import { Writable } from "node:stream";
import { buildServer, createRequestLogger } from "../../src/web/index.ts";
import type { ServerDependencies } from "../../src/web/server.ts";

export interface TestServer {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestServer(
  options: { ping?: () => Promise<void>; extra?: Partial<ServerDependencies> } = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await buildServer({
    logger: createRequestLogger("info", sink),
    publicUrl: "http://127.0.0.1",
    ping: options.ping ?? (async () => {}),
    ...options.extra,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server did not bind a TCP port");
  return { url: `http://127.0.0.1:${address.port}`, logs, close: () => app.close() };
}

/**
 * The real server with a store, ready for `inject` and not listening, logging nothing: the console and API
 * tests that speak to it in-process.
 */
export async function quietServer(store: NonNullable<ServerDependencies["store"]>) {
  const app = await buildServer({
    logger: createRequestLogger("silent", new Writable({ write: (_chunk, _encoding, done) => done() })),
    publicUrl: "http://127.0.0.1",
    ping: async () => {},
    store,
  });
  await app.ready();
  return app;
}
