/**
 * What every signed-in console page gets from the console's door (console.ts): the operations' context, the
 * page's language, the signed-in guard, and the ways to answer (a page, a redirect, a refusal). One shape, so
 * each area of pages declares only what it needs beyond it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor, OperationContext, StaffSession } from "../../operations/index.ts";
import type { SafeHtml } from "../html.ts";
import type { BilingualText, Language } from "../i18n.ts";

/** A signed-in staff member's session, with the actor their roles make. */
export type ConsoleSession = StaffSession & { actor: Actor };

export interface ConsoleRouteDeps {
  ctx: OperationContext;
  language: Language;
  readToken: (request: FastifyRequest) => string | undefined;
  /** Answers with a console page (never cached). */
  send: (
    reply: FastifyReply,
    status: number,
    title: BilingualText,
    body: SafeHtml,
    path: string,
  ) => FastifyReply;
  /** Redirects (303) to a console path in the page's language. */
  go: (reply: FastifyReply, path: string, query?: string) => FastifyReply;
  /** Refuses a form without the session's form token or from another site (403). */
  refuse: (reply: FastifyReply) => FastifyReply;
  /** The signed-in session; otherwise it has answered (to log in, or to the log-in step) and gives undefined. */
  signedIn: (request: FastifyRequest, reply: FastifyReply) => Promise<ConsoleSession | undefined>;
  /** The page for a role that may not see this page (403). */
  forbidden: (reply: FastifyReply) => FastifyReply;
}
