// intake: streaming import of victim files (CSV, JSON Lines; docs/victim-file.md). Reads in constant
// memory, validates and normalises every row (pure functions), writes an error report (CSV, masked,
// formula-safe) and hands accepted rows in batches to an IntakeSink. The store side plugs in through
// VictimWriter + createStagingSink, which finds duplicates in a staging table instead of in memory.
// Other parts import only this file, and it exports only what they use.
export { VictimFileError } from "./columns.ts";
export { type ImportSummary, importVictimFile, type VictimFileFormat } from "./import.ts";
export { createProgressBar, type ImportProgress } from "./progress.ts";
export type { IntakeSink } from "./sink.ts";
export { createStagingSink } from "./staging.ts";
export type { AcceptedRow } from "./types.ts";
