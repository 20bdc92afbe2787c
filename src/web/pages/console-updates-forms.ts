/**
 * What the updates and phishing pages share: reading a bilingual title and text from a form, their B1 findings
 * by field, an operation's problems at the form's fields, and the not-found and forbidden answers.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { checkPlainLanguage } from "../../framework/index.ts";
import { formTokenMatches, OperationProblem } from "../../operations/index.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import type { CampaignRouteDeps } from "./console-campaigns.ts";
import { CAMPAIGN_PATHS, CAMPAIGN_TEXT } from "./console-campaigns-view.ts";
import { UPDATES_TEXT as T } from "./console-updates-text.ts";
import { type Bilingual, type FieldWarning, fieldOf } from "./console-updates-view.ts";
import { type FieldError, messageBody, PATHS } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Body = Record<string, unknown> | undefined;

export const field = (body: Body, name: string, max: number): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n").slice(0, max) : "";
};

/** The title and text as typed, in both languages. */
export function typedTexts(body: Body, maxTitle: number, maxBody: number) {
  const pick = (prefix: string, max: number): Bilingual => ({
    nl: field(body, `${prefix}-nl`, max),
    en: field(body, `${prefix}-en`, max),
  });
  return { title: pick("titel", maxTitle), body: pick("tekst", maxBody) };
}

/** B1 findings of each text typed, by field id — the same checker `createUpdate` answers with. */
export function plainLanguageOf(typed: {
  title: Bilingual;
  body: Bilingual;
}): Record<string, FieldWarning[]> {
  const found: Record<string, FieldWarning[]> = {};
  for (const part of ["title", "body"] as const)
    for (const lang of LANGUAGES) {
      const text = typed[part][lang];
      if (text.trim() === "") continue;
      const findings = checkPlainLanguage(text, { language: lang }).findings;
      if (findings.length > 0)
        found[`${part === "title" ? "titel" : "tekst"}-${lang}`] = findings.map((f) => ({
          severity: f.severity,
          message: f.message,
          suggestion: f.suggestion,
        }));
    }
  return found;
}

/** An operation's field problems at the form's fields (`title.nl` → `titel-nl`, `slug`); the rest as one text. */
export function problemsAt(error: OperationProblem, language: Language) {
  const errors: FieldError[] = [];
  const rest: string[] = [];
  for (const problem of error.problems) {
    const id = problem.path === "slug" ? "slug" : fieldOf(problem.path);
    if (id)
      errors.push({
        field: id,
        message: problem.message.startsWith("1 to")
          ? `${t(T.fill, language)} (${problem.message})`
          : problem.message,
      });
    else rest.push(problem.message);
  }
  return {
    errors,
    problem: errors.length === 0 ? [error.message, ...rest].join(" ") : rest.join(" ") || null,
  };
}

export interface PageRefusals {
  refusal: (reply: FastifyReply, error: unknown) => FastifyReply;
}

export function refusals(deps: CampaignRouteDeps): PageRefusals {
  const { language, send, forbidden } = deps;
  const notFound = (reply: FastifyReply) =>
    send(
      reply,
      404,
      CAMPAIGN_TEXT.notFoundTitle,
      messageBody(language, CAMPAIGN_TEXT.notFoundTitle, CAMPAIGN_TEXT.notFound, {
        path: PATHS.home,
        label: CAMPAIGN_TEXT.back,
      }),
      PATHS.home,
    );
  return {
    refusal: (reply, error) => {
      if (error instanceof OperationProblem && error.code === "not-found") return notFound(reply);
      if (error instanceof OperationProblem && error.code === "forbidden") return forbidden(reply);
      throw error;
    },
  };
}

/** Breach ids are UUIDs: anything else is not found before the database is asked. */
export function requireUuid(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new OperationProblem("not-found", "There is no such breach.");
}

/** An operation's B1 findings (`{ path: "body.nl", … }`) by the form's field ids. */
export function warningsByField(
  findings: readonly { path: string; severity: "block" | "warn"; message: string; suggestion: string }[],
): Record<string, FieldWarning[]> {
  const found: Record<string, FieldWarning[]> = {};
  for (const f of findings) {
    const id = fieldOf(f.path);
    if (id)
      found[id] = [
        ...(found[id] ?? []),
        { severity: f.severity, message: f.message, suggestion: f.suggestion },
      ];
  }
  return found;
}

type Session = NonNullable<Awaited<ReturnType<CampaignRouteDeps["signedIn"]>>>;

/**
 * A breach's page with forms (updates, phishing): GET shows it with the notice its query names, POST takes one of
 * its forms after the cross-site and form-token checks; both need the page's reading role, and another
 * organisation's breach answers like an unknown one.
 */
export function registerBreachFormPage(
  app: FastifyInstance,
  deps: CampaignRouteDeps,
  page: {
    /** The path's last part under /console/datalek/<id>/. */
    segment: string;
    reads: (actor: Session["actor"]) => boolean;
    notices: Readonly<Record<string, BilingualText>>;
    show: (
      deps: CampaignRouteDeps,
      reply: FastifyReply,
      session: Session,
      breachId: string,
      status: number,
      shown: { notice: string | null },
    ) => Promise<FastifyReply>;
    take: (
      deps: CampaignRouteDeps,
      reply: FastifyReply,
      session: Session,
      breachId: string,
      body: Body,
    ) => Promise<FastifyReply>;
  },
): void {
  const { ctx, language, signedIn, forbidden } = deps;
  const path = localPath(`${CAMPAIGN_PATHS.breach}/:id/${page.segment}`, language);
  const { refusal } = refusals(deps);

  app.get<{ Params: { id: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!page.reads(session.actor)) return forbidden(reply);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const notice = Object.entries(page.notices).find(([key]) => key in query)?.[1];
    return page
      .show(deps, reply, session, request.params.id, 200, { notice: notice ? t(notice, language) : null })
      .catch((error: unknown) => refusal(reply, error));
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    path,
    { schema: { hide: true } },
    async (request, reply) => {
      if (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), request.body?.formulier))
        return deps.refuse(reply);
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!page.reads(session.actor)) return forbidden(reply);
      return page
        .take(deps, reply, session, request.params.id, request.body)
        .catch((error: unknown) => refusal(reply, error));
    },
  );
}
