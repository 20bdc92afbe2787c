// intake: streaming import of victim files (CSV, JSON Lines; docs/victim-file.md). Reads in constant
// memory, validates and normalises every row (pure functions), writes an error report (CSV, masked,
// formula-safe) and hands accepted rows in batches to an IntakeSink. The store side plugs in through
// VictimWriter + createStagingSink, which finds duplicates in a staging table instead of in memory.
// Other parts import only this file.
export { COLUMNS, CONTACT_COLUMNS, type Column, VICTIM_COLUMNS, VictimFileError } from "./columns.ts";
export {
  type FieldProblem,
  type FieldResult,
  type Language,
  normaliseCountry,
  normaliseEmail,
  normaliseHouseNumber,
  normaliseLanguage,
  normalisePhone,
  normalisePostcode,
  normaliseSegment,
  type Phone,
} from "./fields.ts";
export { MAX_RECORD_BYTES } from "./frame.ts";
export { type ImportOptions, type ImportSummary, importVictimFile, type VictimFileFormat } from "./import.ts";
export {
  createProgressBar,
  type ImportProgress,
  type ProgressBar,
  type ProgressListener,
} from "./progress.ts";
export { maskValue, neutraliseFormula, REPORT_HEADER } from "./report.ts";
export { canonicalVictim, type RawRow, validateRow } from "./row.ts";
export {
  createInMemorySinkForTests,
  createInMemoryWriterForTests,
  type IntakeSink,
  type SinkFinding,
  type SinkResult,
  type VictimWriter,
  type WriteResult,
} from "./sink.ts";
export { createStagingSink, type StagingLedger, type StagingSinkOptions } from "./staging.ts";
export { MAX_SUGGESTIONS, suggest } from "./suggest.ts";
export type {
  AcceptedRow,
  IntakeProblem,
  IntakeVictim,
  PostalAddress,
  Severity,
} from "./types.ts";
