/**
 * import-postgres: a generated victim file (IMPORT_ROWS rows, default 1,000,000) through the real import path
 * on PostgreSQL (BENCH_DATABASE_URL, default the local server, in a fresh schema), against a bare COPY of the
 * same prepared rows into the same table. Goal: ratio ≥ 0.6, peak RSS ≤ 450 MB (issue 14: 500 MB, with margin). See bench/_import.ts.
 */
import { runImportBench } from "./_import.ts";
import type { BenchResult } from "./run.ts";

export const run = (): Promise<BenchResult> => runImportBench("postgres");

if (import.meta.main) console.log(JSON.stringify(await run()));
