/**
 * The V8 flags and allocator settings the `lekwijzer` command runs with (bin/lekwijzer.js, the npm scripts):
 * without them V8 gives the main thread a 128 MB young generation on a machine with this much memory, compiles
 * one of PGlite's WebAssembly functions with its optimising compiler (~600 MB for a few seconds), and glibc
 * keeps freed buffers in an arena per thread. Benches that start an import, a worker or a server in a child
 * process give it these, so they measure what an operator's process does.
 */
export const NODE_FLAGS = ["--max-semi-space-size=16", "--liftoff-only"];
export const MALLOC_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" } as const;
