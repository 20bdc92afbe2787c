/** `lekwijzer assess FILE|-` and `lekwijzer plan FILE|-`: JSON in, JSON out, every problem on stderr. */
import { assess, parseBreachFacts, parsePlanInput, planFor } from "../assess/index.ts";
import { type InputProblem, InvalidInputError } from "../core/index.ts";
import { type Io, readJsonInput } from "./io.ts";

/** The whole input is "(root)" on the command line, as it always was. */
function rooted(problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) => ({ path: p.path || "(root)", message: p.message }));
}

/** A worked example (examples/*.json) wraps its facts as `{ facts, expected }`; bare facts pass through. */
function unwrapExample(input: unknown): unknown {
  if (input !== null && typeof input === "object" && "facts" in input && "expected" in input)
    return (input as { facts: unknown }).facts;
  return input;
}

export async function assessCommand(file: string, options: { lang?: string }, io: Io): Promise<void> {
  const language = options.lang === "en" ? "en" : "nl";
  const parsed = parseBreachFacts(unwrapExample(await readJsonInput(file, io)));
  if (!parsed.ok) throw new InvalidInputError(rooted(parsed.problems));
  io.stdout(`${JSON.stringify(assess(parsed.value, { language }), null, 2)}\n`);
}

export async function planCommand(file: string, io: Io): Promise<void> {
  const parsed = parsePlanInput(await readJsonInput(file, io));
  if (!parsed.ok) throw new InvalidInputError(rooted(parsed.problems));
  io.stdout(`${JSON.stringify(planFor(parsed.value), null, 2)}\n`);
}
