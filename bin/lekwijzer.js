#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=16 --liftoff-only
// Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
// --max-semi-space-size=16: V8 would give the main thread a young generation of up to 128 MB on a machine with
// much memory; an import then peaks ~100 MB higher for no gain in speed (docs/operations.md, "Sizing").
// --liftoff-only: embedded PGlite is PostgreSQL compiled to WebAssembly. V8's optimising compiler spends ~600 MB
// for ~3 s on one of its functions (104 KB of code), so creating the database peaked at ~1.15 GB and an import
// at ~1 GB (1,000,000 rows); with the baseline compiler alone they peak at ~640 and ~580 MB, and statements
// run ~15-20 % slower.
// Besides PGlite only node's own fetch runs WebAssembly (its HTTP parser, for the SMS gateway's small
// answers), so PostgreSQL mode is unaffected. First start: 4.0 s (3.6 s of CPU) instead of 4.6 s (5.5 s).
// MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072: glibc's allocator otherwise gives each thread (reading,
// sealing, V8's helpers) an arena of its own and keeps the freed megabyte buffers of an import (messages
// between the threads, sealed COPY text) in them; with these an import peaks ~40 MB lower. glibc reads them at
// start-up only, so they are set here, before node starts.
// The compile cache keeps the type-stripped, compiled modules on disk (NODE_COMPILE_CACHE, or the system's
// temporary folder): a command starts in ~1.0 s of CPU instead of ~1.6 s. It must be on before the modules
// load, so the program is imported after it; where the folder cannot be written, node goes on without it.
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("../src/cli/main.ts");
