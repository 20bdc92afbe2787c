/** What every operation gets from its door (CLI, API), and the refusal every door knows how to show. */
import type { Executor, Keyring } from "../store/index.ts";
import type { BreachPageRenderer } from "./breach-pages.ts";

export interface OperationContext {
  db: Executor;
  keys: Keyring;
  /** The platform's public address (campaign approvals cover it). */
  publicUrl?: string;
  /**
   * Renders a public breach page (the web part's HTML, handed in by the door). Without it a change drops the
   * page's stored bytes and the web door renders them at the next request.
   */
  breachPages?: BreachPageRenderer;
}

/**
 * A refusal the door shows as is: `not-found` (404 / exit 2), `invalid` (400 / exit 2, `problems` name the
 * fields), `forbidden` (403 / exit 2: the actor's role does not allow it), `conflict` (409 / exit 2: the state
 * does not allow it now), `unavailable` (503 / exit 1: a look-up outside failed).
 */
export class OperationProblem extends Error {
  readonly code: "not-found" | "invalid" | "forbidden" | "conflict" | "unavailable";
  readonly problems: { path: string; message: string }[];
  constructor(
    code: OperationProblem["code"],
    message: string,
    problems: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "OperationProblem";
    this.code = code;
    this.problems = problems;
  }
}
