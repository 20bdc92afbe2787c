/** A sealing worker: builds the same keyring from the secrets it is started with and seals chunks of rows. */
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

parentPort?.on("message", (request: SealRequest) => {
  try {
    const sealed = sealRows(keys, request.breachId, request.rows, request.options);
    parentPort?.postMessage({ id: request.id, ...sealed });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error).message });
  }
});
