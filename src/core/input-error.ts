/**
 * Input that does not parse, with every problem in it. One error for every part that refuses input (assess's
 * parsers, the command line), so a caller recognises it by one `instanceof` and prints the problems itself.
 */

/** One thing wrong with some input. */
export interface InputProblem {
  /** Where: a dotted path with indexes ("data[2].category"), an option ("--breach"), or "" for the whole input. */
  path: string;
  message: string;
}

export class InvalidInputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super(
      `invalid input:\n${problems.map((problem) => `${problem.path || "(input)"}: ${problem.message}`).join("\n")}`,
    );
    this.name = "InvalidInputError";
    this.problems = problems;
  }
}
