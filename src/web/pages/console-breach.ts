/**
 * The console's breach routes (issue 17, steps 1 and 3): register a breach (`/console/datalek/nieuw`), its
 * overview (`/console/datalek/<id>`: facts, assessment, the 72-hour countdown, links, campaigns), edit its facts
 * (`…/feiten`) and import its victims (`…/slachtoffers`: a multipart upload streamed into the stored-upload path,
 * the imports with progress, the masked error reports, the counts). Each goes through the operations as the
 * signed-in staff actor, so the permission table and the organisation filter decide: another organisation's
 * breach is "not found", answered exactly like an unknown id. Every POST checks the cross-site origin and the
 * session's form token.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { assess, parseBreachFacts } from "../../assess/index.ts";
import { VictimFileError } from "../../intake/index.ts";
import {
  type Action,
  type Actor,
  breachVictimCounts,
  createBreach,
  formTokenMatches,
  getBreach,
  importReport,
  listCampaigns,
  listImports,
  may,
  OperationProblem,
  receiveUpload,
  retentionCheck,
  type StaffSession,
  updateBreachFacts,
} from "../../operations/index.ts";
import type { Breach } from "../../store/index.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { MultipartError, readStreamedForm } from "../multipart-stream.ts";
import { DEFAULT_UPLOAD_BYTES, limitBytes, UploadError } from "../upload-stream.ts";
import {
  emptyForm,
  type FactsForm,
  type FieldError,
  factsFormBody,
  factsFromForm,
  formFromFacts,
  problemErrors,
  readForm,
} from "./console-breach-form.ts";
import { BREACH_TEXT as T } from "./console-breach-text.ts";
import { BREACH_PATHS, overviewBody, victimsBody } from "./console-breach-view.ts";
import { CAMPAIGN_TEXT } from "./console-campaigns-view.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { retentionSection } from "./console-transparency-view.ts";
import { messageBody, PATHS } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Session = StaffSession & { actor: Actor };
type Body = Record<string, unknown> | undefined;

export interface BreachRouteDeps extends ConsoleRouteDeps {
  now: () => Date;
  /** Largest victim file one upload may carry (default: the API's). */
  uploadBytes?: number;
}

/** Breach pages need a person of an organisation who may take the action. */
const allowed = (actor: Actor, action: Action) => actor.organisationId !== null && may(actor, action);
const errorTitle = (title: BilingualText) => ({ nl: `Fout: ${title.nl}`, en: `Error: ${title.en}` });

/** Everything a breach route needs besides its own work: the guard, the refusals, the page sender. */
function helpers(deps: BreachRouteDeps) {
  const { language, send } = deps;
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
  /** Not-found and forbidden refusals as pages; anything else is not the page's to answer. */
  const refusal = (reply: FastifyReply, error: unknown) => {
    if (error instanceof OperationProblem && error.code === "not-found") return notFound(reply);
    if (error instanceof OperationProblem && error.code === "forbidden") return deps.forbidden(reply);
    throw error;
  };
  /** The signed-in person allowed to take `action`, or the answer already sent. */
  const guard = async (request: FastifyRequest, reply: FastifyReply, action: Action) => {
    const session = await deps.signedIn(request, reply);
    if (!session) return undefined;
    if (!allowed(session.actor, action)) {
      deps.forbidden(reply);
      return undefined;
    }
    return session;
  };
  const tokenOk = (request: FastifyRequest, token: unknown) =>
    !crossSite(request) && formTokenMatches(deps.ctx, deps.readToken(request), token);
  return { notFound, refusal, guard, tokenOk };
}

export function registerBreachPages(app: FastifyInstance, deps: BreachRouteDeps): void {
  // One encapsulated scope per language: the victim upload's multipart body reaches its route as a stream.
  void app.register(async (scope) => {
    scope.addContentTypeParser("multipart/form-data", (_request, payload, done) => done(null, payload));
    registerCreate(scope, deps);
    registerOverview(scope, deps);
    registerFacts(scope, deps);
    registerVictims(scope, deps);
    registerUpload(scope, deps);
  });
}

/** Renders the facts form (register or edit) with what was typed and its errors. */
function showForm(
  deps: BreachRouteDeps,
  reply: FastifyReply,
  spec: {
    status: number;
    session: Session;
    form: FactsForm;
    errors: FieldError[];
    breach?: Breach;
  },
) {
  const { language } = deps;
  const editing = spec.breach !== undefined;
  const title = editing ? T.editTitle : T.newTitle;
  const path = editing ? BREACH_PATHS.facts(spec.breach?.id ?? "") : BREACH_PATHS.create;
  const body = factsFormBody(language, {
    action: localPath(path, language),
    heading: title,
    lead: editing ? T.editLead : T.newLead,
    submit: editing ? T.editSubmit : T.newSubmit,
    form: spec.form,
    errors: spec.errors,
    formToken: spec.session.formToken,
    keptAdjustments: Array.isArray(spec.breach?.facts.adjustments),
    back: editing
      ? { href: localPath(`${BREACH_PATHS.breach}/${spec.breach?.id}`, language), label: T.backToBreach }
      : { href: localPath(PATHS.home, language), label: T.back },
  });
  return deps.send(reply, spec.status, spec.errors.length ? errorTitle(title) : title, body, path);
}

/**
 * The posted form as facts, or the errors to show: the form's own (a number that is none) together with the
 * facts' validation problems, so one submit shows every problem at once.
 */
function postedFacts(form: FactsForm, language: Language, kept: Record<string, unknown>) {
  const { facts, errors } = factsFromForm(form, language, kept);
  const parsed = parseBreachFacts(facts);
  const all = problemErrors(parsed.ok ? [] : parsed.problems, language, errors);
  return { facts, errors: all };
}

function registerCreate(app: FastifyInstance, deps: BreachRouteDeps): void {
  const { ctx, language } = deps;
  const { guard, tokenOk } = helpers(deps);
  const path = localPath(BREACH_PATHS.create, language);

  app.get(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await guard(request, reply, "breach.create");
    if (!session) return reply;
    return showForm(deps, reply, { status: 200, session, form: emptyForm(), errors: [] });
  });

  app.post<{ Body: Body }>(path, { schema: { hide: true } }, async (request, reply) => {
    if (!tokenOk(request, request.body?.formulier)) return deps.refuse(reply);
    const session = await guard(request, reply, "breach.create");
    if (!session) return reply;
    const { form, more } = readForm(request.body);
    if (more) return showForm(deps, reply, { status: 200, session, form, errors: [] });
    const { facts, errors } = postedFacts(form, language, {});
    if (errors.length > 0) return showForm(deps, reply, { status: 400, session, form, errors });
    try {
      const breach = await createBreach(ctx, session.actor, { facts });
      return deps.go(reply, `${BREACH_PATHS.breach}/${breach.id}`, "?geregistreerd");
    } catch (error) {
      if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
      const shown = problemErrors(error.problems, language);
      return showForm(deps, reply, { status: 400, session, form, errors: shown });
    }
  });
}

/** What the overview says after a save, from the redirect's query (display only; the facts are stored). */
function changeOf(query: unknown) {
  const q = (query ?? {}) as Record<string, unknown>;
  if ("geregistreerd" in q) return { created: true };
  if ("ongewijzigd" in q) return { unchanged: true };
  if (!("opgeslagen" in q)) return undefined;
  const before = typeof q.voor === "string" && /^[a-z-]{1,20}$/.test(q.voor) ? q.voor : null;
  const voided = Math.max(0, Math.min(10_000, Number.parseInt(String(q.vervallen ?? "0"), 10) || 0));
  return { riskBefore: before, voided };
}

/** The stored assessment, with its reasons and sensitivity in English on the English page. */
function assessmentIn(breach: Breach, language: Language) {
  if (!breach.assessment || language === "nl") return breach.assessment;
  const parsed = parseBreachFacts(breach.facts);
  if (!parsed.ok) return breach.assessment;
  const english = assess(parsed.value, { language });
  return { ...breach.assessment, reasons: english.reasons, sensitivity: english.sensitivity };
}

function registerOverview(app: FastifyInstance, deps: BreachRouteDeps): void {
  const { ctx, language } = deps;
  const { guard, refusal } = helpers(deps);
  app.get<{ Params: { id: string } }>(
    localPath(`${BREACH_PATHS.breach}/:id`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guard(request, reply, "breach.read");
      if (!session) return reply;
      try {
        const breach = await getBreach(ctx, session.actor, { breachId: request.params.id });
        const campaigns = may(session.actor, "campaign.list")
          ? await listCampaigns(ctx, session.actor, { breachId: breach.id })
          : [];
        const change = changeOf(request.query);
        const retention = may(session.actor, "transparency.read")
          ? retentionSection(language, await retentionCheck(ctx, session.actor, { breachId: breach.id }), {
              heading: 2,
              id: "bewaartermijnen",
            })
          : undefined;
        const body = overviewBody(language, {
          id: breach.id,
          title: breach.title,
          awareAt: breach.awareAt,
          now: deps.now(),
          authorityNotifiedAt: breach.authorityNotifiedAt,
          facts: breach.facts,
          assessment: assessmentIn(breach, language),
          campaigns,
          mayEdit: may(session.actor, "breach.update-facts"),
          may: (action) => may(session.actor, action),
          ...(change ? { change } : {}),
          ...(retention ? { retention } : {}),
        });
        return deps.send(reply, 200, T.overviewTitle, body, BREACH_PATHS.breach);
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );
}

/** What the edit form does not show but the facts may hold (adjustments given through the API). */
const keptFacts = (breach: Breach): Record<string, unknown> =>
  Array.isArray(breach.facts.adjustments) ? { adjustments: breach.facts.adjustments } : {};

function registerFacts(app: FastifyInstance, deps: BreachRouteDeps): void {
  const { ctx, language } = deps;
  const { guard, refusal, tokenOk } = helpers(deps);
  const path = localPath(`${BREACH_PATHS.breach}/:id/feiten`, language);

  app.get<{ Params: { id: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await guard(request, reply, "breach.update-facts");
    if (!session) return reply;
    try {
      const breach = await getBreach(ctx, session.actor, { breachId: request.params.id });
      const form = formFromFacts(breach.facts);
      return showForm(deps, reply, { status: 200, session, form, errors: [], breach });
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    path,
    { schema: { hide: true } },
    async (request, reply) => {
      if (!tokenOk(request, request.body?.formulier)) return deps.refuse(reply);
      const session = await guard(request, reply, "breach.update-facts");
      if (!session) return reply;
      try {
        const breach = await getBreach(ctx, session.actor, { breachId: request.params.id });
        const { form, more } = readForm(request.body);
        if (more) return showForm(deps, reply, { status: 200, session, form, errors: [], breach });
        const { facts, errors } = postedFacts(form, language, keptFacts(breach));
        if (errors.length > 0) return showForm(deps, reply, { status: 400, session, form, errors, breach });
        const change = await updateBreachFacts(ctx, session.actor, { breachId: breach.id, facts }).catch(
          (error: unknown) => {
            if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
            return problemErrors(error.problems, language);
          },
        );
        if (Array.isArray(change))
          return showForm(deps, reply, { status: 400, session, form, errors: change, breach });
        const target = `${BREACH_PATHS.breach}/${breach.id}`;
        if (!change.changed) return deps.go(reply, target, "?ongewijzigd");
        const query = `?opgeslagen&voor=${change.riskBefore ?? "geen"}&vervallen=${change.voidedCampaigns.length}`;
        return deps.go(reply, target, query);
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );
}

/** The victims page of a breach, with a notice or an upload's refusal. */
async function victimsPage(
  deps: BreachRouteDeps,
  reply: FastifyReply,
  session: Session,
  breachId: string,
  shown: { status?: number; notice?: string | null; error?: string | null } = {},
) {
  const { ctx, language } = deps;
  const breach = await getBreach(ctx, session.actor, { breachId });
  const body = victimsBody(language, {
    id: breach.id,
    title: breach.title,
    imports: await listImports(ctx, session.actor, { breachId: breach.id }),
    counts: await breachVictimCounts(ctx, session.actor, { breachId: breach.id }),
    mayUpload: may(session.actor, "import.start"),
    formToken: session.formToken,
    notice: shown.notice ?? null,
    error: shown.error ?? null,
  });
  const title = shown.error ? errorTitle(T.victimsTitle) : T.victimsTitle;
  return deps.send(reply, shown.status ?? 200, title, body, BREACH_PATHS.breach);
}

/** Why an upload was refused, in the person's words where the console knows them. */
function uploadRefusal(error: unknown, language: Language): { status: number; message: string } | undefined {
  if (error instanceof OperationProblem && error.code === "conflict")
    return { status: 409, message: t(T.uploadBusy, language) };
  if (error instanceof UploadError && error.tooLarge)
    return { status: 413, message: t(T.uploadTooLarge, language) };
  if (error instanceof VictimFileError || error instanceof UploadError || error instanceof MultipartError)
    return { status: 400, message: error.message };
  return undefined;
}

function registerVictims(app: FastifyInstance, deps: BreachRouteDeps): void {
  const { ctx, language } = deps;
  const { guard, refusal } = helpers(deps);
  const path = localPath(`${BREACH_PATHS.breach}/:id/slachtoffers`, language);

  app.get<{ Params: { id: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await guard(request, reply, "import.list");
    if (!session) return reply;
    const notice =
      "ontvangen" in ((request.query ?? {}) as Record<string, unknown>) ? t(T.uploaded, language) : null;
    return victimsPage(deps, reply, session, request.params.id, { notice }).catch((e: unknown) =>
      refusal(reply, e),
    );
  });

  app.get<{ Params: { id: string; importId: string } }>(
    localPath(`${BREACH_PATHS.breach}/:id/slachtoffers/:importId/rapport`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guard(request, reply, "import.read");
      if (!session) return reply;
      try {
        const { job, chunks } = await importReport(ctx, session.actor, {
          breachId: request.params.id,
          importId: request.params.importId,
        });
        return reply
          .header("cache-control", "no-store")
          .header("content-disposition", `attachment; filename="foutenrapport-${job.id}.csv"`)
          .type("text/csv; charset=utf-8")
          .send(Readable.from(chunks));
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );
}

/**
 * The victim upload: the form token (sent before the file) is checked before a byte of the file is read,
 * then the file part streams, limited, into the stored-upload path a worker imports from.
 */
function registerUpload(app: FastifyInstance, deps: BreachRouteDeps): void {
  const { ctx, language } = deps;
  const { guard, refusal } = helpers(deps);
  const path = localPath(`${BREACH_PATHS.breach}/:id/slachtoffers`, language);
  const limit = deps.uploadBytes ?? DEFAULT_UPLOAD_BYTES;
  app.post<{ Params: { id: string } }>(
    path,
    { schema: { hide: true }, config: { longUpload: true } },
    async (request, reply) => {
      if (crossSite(request)) return deps.refuse(reply);
      const contentType = String(request.headers["content-type"] ?? "");
      const stream = request.body as AsyncIterable<Buffer> | undefined;
      if (
        !contentType.startsWith("multipart/form-data") ||
        !stream ||
        !(Symbol.asyncIterator in Object(stream))
      )
        return deps.refuse(reply);
      // The form token comes before the file: checked before a byte of the file is read or stored.
      const form = await readStreamedForm(stream, contentType).catch((error: unknown) => error as Error);
      if (form instanceof Error || !formTokenMatches(ctx, deps.readToken(request), form.fields.formulier))
        return deps.refuse(reply);
      const session = await guard(request, reply, "import.start");
      if (!session) return reply;
      const breachId = request.params.id;
      try {
        await getBreach(ctx, session.actor, { breachId });
      } catch (error) {
        return refusal(reply, error);
      }
      if (!form.file)
        return victimsPage(deps, reply, session, breachId, {
          status: 400,
          error: t(T.uploadMissing, language),
        });
      const declared = Number(request.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limit + 64 * 1024)
        return victimsPage(deps, reply, session, breachId, {
          status: 413,
          error: t(T.uploadTooLarge, language),
        });
      const body = limitBytes(limit, 60_000);
      // A body that breaks off inside the file fails the import with the reason, as an API upload does.
      Readable.from(form.file)
        .on("error", (error: Error) =>
          body.destroy(new UploadError(`the upload broke off: ${error.message}`)),
        )
        .pipe(body);
      const format = /\.(jsonl|ndjson)$/i.test(form.fileName) ? ("jsonl" as const) : ("csv" as const);
      try {
        await receiveUpload(ctx, session.actor, { breachId, body, format });
      } catch (error) {
        const refused = uploadRefusal(error, language);
        if (!refused) return refusal(reply, error);
        return victimsPage(deps, reply, session, breachId, {
          status: refused.status,
          error: refused.message,
        });
      }
      return deps.go(reply, BREACH_PATHS.victims(breachId), "?ontvangen");
    },
  );
}
