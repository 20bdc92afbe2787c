/** An in-memory Io for running the CLI in-process: collects stdout and stderr, serves fixed stdin. */
import type { Io } from "../../src/cli/index.ts";

export function captureIo(stdin = ""): Io & { out: string; err: string } {
  const io = {
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
