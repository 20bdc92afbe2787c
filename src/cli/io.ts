/** How commands talk to the outside world, so tests can run the CLI in-process. */

import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { InvalidInputError } from "../core/index.ts";
import { systemTxtResolver, type TxtResolver } from "../operations/index.ts";

/**
 * The core's InvalidInputError for lines a command writes whole ("--breach: no breach …"): the CLI prints
 * each problem on its own line, `path: message` when it has a path.
 */
export function invalidInput(lines: readonly string[]): InvalidInputError {
  return new InvalidInputError(lines.map((message) => ({ path: "", message })));
}

/** The lines the CLI prints for an InvalidInputError. */
export function problemLines(error: InvalidInputError): string[] {
  return error.problems.map((problem) =>
    problem.path ? `${problem.path}: ${problem.message}` : problem.message,
  );
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** The operating-system user running the command (default: the process's); approvals record it. */
  osUser?: () => string;
  /** DNS TXT look-ups (default: the system resolver with a time-out), for verifying sending domains. */
  resolveTxt?: TxtResolver;
}

/** The operating-system user behind a command, as actors name it: `os:<user name>`. */
export function osActor(io: Io): string {
  const name = io.osUser ? io.osUser() : systemUser();
  return `os:${name}`;
}

function systemUser(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  osUser: systemUser,
  resolveTxt: systemTxtResolver(),
};

/** Reads JSON from a file, or from standard input for "-"; a bad file or bad JSON is invalid input. */
export async function readJsonInput(file: string, io: Io): Promise<unknown> {
  let text: string;
  if (file === "-") {
    text = await io.readStdin();
  } else {
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw invalidInput([`${file}: ${code === "ENOENT" ? "no such file" : `cannot read (${code})`}`]);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput([`(root): not valid JSON: ${(error as Error).message}`]);
  }
}
