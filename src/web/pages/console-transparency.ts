/**
 * The console's transparency register page, `/console/persoonsgegevens` (framework K16, issue 17 item 7): the
 * organisation's administrator adds, changes and removes processing entries, previews the public page
 * (`/console/persoonsgegevens/voorbeeld`) and publishes it; everyone of the organisation reads it. Every read
 * and change is an operation as the signed-in staff actor (`transparencyRegister`, `saveTransparencyEntry`,
 * `removeTransparencyEntry`, `publishTransparency`), so the permission table decides and the audit log records;
 * another organisation's entry is the same 404 as an unknown one. Platform roles have no organisation's
 * register and are refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type Actor,
  formTokenMatches,
  listBreaches,
  may,
  OperationProblem,
  publishTransparency,
  removeTransparencyEntry,
  retentionCheck,
  saveTransparencyEntry,
  transparencyRegister,
} from "../../operations/index.ts";
import { html } from "../html.ts";
import { type BilingualText, localPath, t } from "../i18n.ts";
import type { ConsoleRouteDeps, ConsoleSession } from "./console-door.ts";
import { TEXT } from "./console-text.ts";
import {
  EMPTY_ENTRY,
  type EntryTyped,
  fieldOfProblem,
  retentionSection,
  TRANSPARENCY_TEXT as T,
  TRANSPARENCY_PATH,
  TRANSPARENCY_PREVIEW_PATH,
  type TransparencyPageView,
  transparencyConsoleBody,
  typedOf,
} from "./console-transparency-view.ts";
import { type FieldError, messageBody } from "./console-view.ts";
import { transparencyBody } from "./transparency-page.ts";
import { crossSite } from "./verify-message.ts";

type Body = Record<string, unknown> | undefined;

export interface TransparencyRouteDeps extends ConsoleRouteDeps {}

/** Page-level guard: a person of an organisation who may read its register. */
const reads = (actor: Actor) => actor.organisationId !== null && may(actor, "transparency.read");

const field = (body: Body, name: string, max: number): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n").slice(0, max) : "";
};

const list = (body: Body, name: string): string[] => {
  const value = body?.[name];
  if (typeof value === "string") return [value.slice(0, 40)];
  return Array.isArray(value)
    ? value
        .filter((v): v is string => typeof v === "string")
        .slice(0, 60)
        .map((v) => v.slice(0, 40))
    : [];
};

/** The entry form as posted. */
function typedFrom(body: Body): EntryTyped {
  const pair = (prefix: string, max: number) => ({
    nl: field(body, `${prefix}-nl`, max),
    en: field(body, `${prefix}-en`, max),
  });
  const id = field(body, "regel", 40);
  return {
    id: id || null,
    categories: list(body, "categorieen"),
    purpose: pair("doel", 2_000),
    legalBasis: field(body, "grondslag", 4),
    months: field(body, "maanden", 10).trim(),
    from: field(body, "vanaf", 20),
    fromOther: pair("vanaf-anders", 1_000),
    recipients: pair("ontvangers", 2_000),
  };
}

/** The operation's input from what was typed: empty optional texts are left out. */
function entryOf(typed: EntryTyped): Record<string, unknown> {
  const optional = (text: { nl: string; en: string }) =>
    text.nl.trim() === "" && text.en.trim() === "" ? undefined : text;
  return {
    categories: typed.categories,
    purpose: typed.purpose,
    legalBasis: typed.legalBasis,
    retentionMonths: typed.months,
    retentionFrom: typed.from,
    retentionFromOther: typed.from === "other" ? (optional(typed.fromOther) ?? { nl: "" }) : undefined,
    recipients: optional(typed.recipients),
  };
}

function problemsAt(error: OperationProblem, language: ConsoleRouteDeps["language"]) {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const problem of error.problems) {
    const known = fieldOfProblem(problem.path);
    if (!known || seen.has(known.field)) continue;
    seen.add(known.field);
    errors.push({ field: known.field, message: t(known.text, language) });
  }
  return { errors, problem: errors.length === 0 ? error.message : null };
}

const NOTICES: Readonly<Record<string, BilingualText>> = {
  opgeslagen: T.saved,
  verwijderd: T.removed,
  gepubliceerd: T.publishedNotice,
};

/** The retention check of the organisation's ten newest breaches, each under its title: counts only. */
async function breachFindings(deps: TransparencyRouteDeps, session: ConsoleSession) {
  if (!may(session.actor, "breach.list")) return undefined;
  const list = (await listBreaches(deps.ctx, session.actor)).slice(0, 10);
  if (list.length === 0) return undefined;
  const sections = await Promise.all(
    list.map(async (breach, index) =>
      retentionSection(
        deps.language,
        await retentionCheck(deps.ctx, session.actor, { breachId: breach.id }),
        {
          heading: 3,
          id: `controle-${index + 1}`,
          title: breach.title,
        },
      ),
    ),
  );
  return html`<h2 class="utrecht-heading-2">${t(T.checkTitle, deps.language)}</h2>
<p class="utrecht-paragraph">${t(T.checkLead, deps.language)}</p>${sections}`;
}

type Shown = Partial<Pick<TransparencyPageView, "typed" | "errors" | "problem" | "notice">>;

/** What the page's routes share: its answers (the page, not found) and its guard. */
function transparencyPage(deps: TransparencyRouteDeps) {
  const { ctx, language, send, signedIn, forbidden } = deps;
  const notFound = (reply: FastifyReply) =>
    send(
      reply,
      404,
      TEXT.notFoundTitle,
      messageBody(language, TEXT.notFoundTitle, TEXT.notFound, { path: TRANSPARENCY_PATH, label: T.back }),
      TRANSPARENCY_PATH,
    );
  const show = async (reply: FastifyReply, session: ConsoleSession, status: number, shown: Shown) => {
    const [register, findings] = await Promise.all([
      transparencyRegister(ctx, session.actor),
      breachFindings(deps, session),
    ]);
    const view: TransparencyPageView = {
      organisationSlug: register.organisation.slug,
      register,
      mayEdit: may(session.actor, "transparency.edit"),
      formToken: session.formToken,
      typed: shown.typed ?? EMPTY_ENTRY,
      errors: shown.errors ?? [],
      problem: shown.problem ?? null,
      notice: shown.notice ?? null,
      ...(findings ? { findings } : {}),
    };
    const title = status >= 400 ? T.errorTitle : T.title;
    return send(reply, status, title, transparencyConsoleBody(language, view), TRANSPARENCY_PATH);
  };
  /** The session of a reader (GET) or of the administrator with the form's token (POST); else it answered. */
  const guarded = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
    const form = (request.body as Body)?.formulier;
    if (post && (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), form))) {
      deps.refuse(reply);
      return undefined;
    }
    const session = await signedIn(request, reply);
    if (!session) return undefined;
    if (!reads(session.actor) || (post && !may(session.actor, "transparency.edit"))) {
      forbidden(reply);
      return undefined;
    }
    return session;
  };
  return { notFound, show, guarded };
}

export function registerTransparencyPages(app: FastifyInstance, deps: TransparencyRouteDeps): void {
  const { ctx, language, send, forbidden } = deps;
  const { notFound, show, guarded } = transparencyPage(deps);

  app.get(localPath(TRANSPARENCY_PATH, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await guarded(request, reply, false);
    if (!session) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const notice = Object.entries(NOTICES).find(([key]) => key in query)?.[1];
    const editing = typeof query.wijzig === "string" ? query.wijzig : undefined;
    if (editing !== undefined) {
      // Opening an entry to change it: only the administrator, and only their own organisation's entry.
      if (!may(session.actor, "transparency.edit")) return forbidden(reply);
      const entry = (await transparencyRegister(ctx, session.actor)).draft.find((e) => e.id === editing);
      if (!entry) return notFound(reply);
      return show(reply, session, 200, { typed: typedOf(entry) });
    }
    return show(reply, session, 200, { notice: notice ? t(notice, language) : null });
  });

  app.post<{ Body: Body }>(
    localPath(TRANSPARENCY_PATH, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guarded(request, reply, true);
      if (!session) return reply;
      return takeForm(deps, reply, session, request.body, { notFound, show });
    },
  );

  app.get(
    localPath(TRANSPARENCY_PREVIEW_PATH, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guarded(request, reply, false);
      if (!session) return reply;
      const register = await transparencyRegister(ctx, session.actor);
      const body = transparencyBody(
        { organisation: register.organisation, entries: register.draft, version: null },
        language,
      );
      const back = html`<div class="lw-prose"><p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(TRANSPARENCY_PATH, language)}">${t(T.back, language)}</a></p></div>`;
      return send(reply, 200, T.previewTitle, html`${body}${back}`, TRANSPARENCY_PREVIEW_PATH);
    },
  );
}

/** One posted action: save an entry (new, or `regel`), remove one, or publish the draft. */
async function takeForm(
  deps: TransparencyRouteDeps,
  reply: FastifyReply,
  session: ConsoleSession,
  body: Body,
  page: Pick<ReturnType<typeof transparencyPage>, "notFound" | "show">,
): Promise<FastifyReply> {
  const { ctx, language, go, forbidden } = deps;
  const action = body?.actie;
  const typed = typedFrom(body);
  try {
    if (action === "publiceren") {
      await publishTransparency(ctx, session.actor);
      return go(reply, TRANSPARENCY_PATH, "?gepubliceerd");
    }
    if (action === "verwijderen") {
      await removeTransparencyEntry(ctx, session.actor, { id: typed.id ?? "" });
      return go(reply, TRANSPARENCY_PATH, "?verwijderd");
    }
    await saveTransparencyEntry(ctx, session.actor, {
      ...(typed.id ? { id: typed.id } : {}),
      entry: entryOf(typed),
    });
    return go(reply, TRANSPARENCY_PATH, "?opgeslagen");
  } catch (error) {
    if (!(error instanceof OperationProblem)) throw error;
    if (error.code === "not-found") return page.notFound(reply);
    if (error.code === "forbidden") return forbidden(reply);
    const { errors, problem } = problemsAt(error, language);
    const keep = action === "publiceren" || action === "verwijderen" ? EMPTY_ENTRY : typed;
    return page.show(reply, session, error.code === "invalid" ? 400 : 409, { typed: keep, errors, problem });
  }
}
