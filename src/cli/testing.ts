/**
 * An in-memory Io for running the CLI in-process: collects stdout and stderr, serves fixed stdin, and — when
 * given — acts as another operating-system user or answers DNS look-ups from a stub.
 */
import type { Io } from "./io.ts";

export function captureIo(
  stdin = "",
  world: Pick<Io, "osUser" | "resolveTxt"> = {},
): Io & { out: string; err: string } {
  const io = {
    ...world,
    out: "",
    err: "",
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => stdin,
  };
  return io;
}
