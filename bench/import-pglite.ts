/**
 * import-pglite: a generated victim file (IMPORT_ROWS rows, default 1,000,000) through the real import path
 * on embedded PGlite (on disk in a temporary folder), against a bare COPY of the
 * same prepared rows into the same table. See bench/_import.ts.
 */
import { runImportBench } from "./_import.ts";
import type { BenchResult } from "./run.ts";

export const run = (): Promise<BenchResult> => runImportBench("pglite");

if (import.meta.main) console.log(JSON.stringify(await run()));
