/**
 * How the command line meets the application layer: the operator becomes the actor (acting in every role, as
 * a named person), and an operation's refusal becomes exit 2 with every problem on its own line — except a
 * failed look-up outside (`unavailable`), which is exit 1 like any other failure.
 */
import { type Actor, OperationProblem, operatorActor } from "../operations/index.ts";
import { invalidInput } from "./io.ts";

/** The operator acting for an organisation (or platform-wide, for organisations and keys). */
export function cliActor(name: string, organisationId: string | null = null): Actor {
  return operatorActor(name, organisationId);
}

/**
 * Runs an operation; its refusal is the caller's input to fix. `problemPath` names a field the way the command
 * takes it (e.g. `slug` → `--slug`); by default the field's own name.
 */
export async function asInput<T>(
  run: () => Promise<T>,
  problemPath: (path: string) => string = (path) => path || "(root)",
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OperationProblem && error.code !== "unavailable") {
      throw invalidInput(
        error.problems.length > 0
          ? error.problems.map((p) => `${problemPath(p.path)}: ${p.message}`)
          : [error.message],
      );
    }
    throw error;
  }
}
