#!/usr/bin/env -S node --max-semi-space-size=16
// Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
// --max-semi-space-size=16: V8 would give the main thread a young generation of up to 128 MB on a machine with
// much memory; an import then peaks ~100 MB higher for no gain in speed (docs/operations.md, "Sizing").
import "../src/cli/main.ts";
