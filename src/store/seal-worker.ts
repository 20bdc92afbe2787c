/**
 * A sealing worker: builds the same keyring from the secrets it is started with and seals chunks of rows. The
 * COPY text goes back as UTF-8 bytes whose buffer is transferred: the main thread neither copies it nor holds
 * it on its heap, and does not encode it again for the database connection.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createKeyring } from "./crypto.ts";
import { type SealOptions, sealRows, type VictimInput } from "./sealing.ts";

export interface SealRequest {
  id: number;
  breachId: string;
  rows: VictimInput[];
  options: SealOptions;
}

const secrets = (workerData as { secrets: Uint8Array[] }).secrets.map((s) => Buffer.from(s));
const [current, ...previous] = secrets;
if (!current) throw new Error("A sealing worker needs the master secret");
const keys = createKeyring(current, previous);
const encoder = new TextEncoder();

parentPort?.on("message", (request: SealRequest) => {
  try {
    const sealed = sealRows(keys, request.breachId, request.rows, request.options);
    const text = encoder.encode(sealed.text);
    parentPort?.postMessage({ id: request.id, ...sealed, text }, [text.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error).message });
  }
});
