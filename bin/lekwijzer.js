#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=16
// Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
// --max-semi-space-size=16: V8 would give the main thread a young generation of up to 128 MB on a machine with
// much memory; an import then peaks ~100 MB higher for no gain in speed (docs/operations.md, "Sizing").
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
