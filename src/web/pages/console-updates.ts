/**
 * The console's updates page, `/console/datalek/<breachId>/updates` (issue 17, step 6): write an update with
 * its B1 warnings at the fields and a preview, save it as a draft (`createUpdate`), publish it
 * (`publishUpdate`: on the breach page, and by e-mail to subscribers), send a published one to affected people
 * as an update campaign (a link to the message editor with the update's news filled in), and publish or
 * refresh the public breach page (`publishBreachPage`). It also registers the phishing page
 * (console-updates-phishing.ts). Every read and change is an operation as the signed-in staff actor, so
 * another organisation's breach is the same 404 as an unknown one, and a reader sees the page without its forms
 * and cannot post.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  type Actor,
  createUpdate,
  getBreach,
  listUpdates,
  may,
  OperationProblem,
  presentUpdate,
  publishBreachPage,
  publishUpdate,
} from "../../operations/index.ts";
import { t } from "../i18n.ts";
import type { CampaignRouteDeps } from "./console-campaigns.ts";
import {
  field,
  plainLanguageOf,
  problemsAt,
  registerBreachFormPage,
  requireUuid,
  typedTexts,
  warningsByField,
} from "./console-updates-forms.ts";
import { registerPhishingPage } from "./console-updates-phishing.ts";
import { UPDATES_TEXT as T } from "./console-updates-text.ts";
import { type Bilingual, UPDATES_PATH, type UpdatesView, updatesBody } from "./console-updates-view.ts";

type Body = Record<string, unknown> | undefined;
type Session = NonNullable<Awaited<ReturnType<CampaignRouteDeps["signedIn"]>>>;

/** Page-level guard: a person of an organisation who may read its updates. */
const reads = (actor: Actor) => actor.organisationId !== null && may(actor, "update.list");

type Shown = Partial<
  Pick<UpdatesView, "typed" | "errors" | "problem" | "warnings" | "preview" | "notice" | "slugTyped">
>;

async function updatesPage(
  deps: CampaignRouteDeps,
  reply: FastifyReply,
  session: Session,
  breachId: string,
  status: number,
  shown: Shown,
): Promise<FastifyReply> {
  requireUuid(breachId);
  const breach = await getBreach(deps.ctx, session.actor, { breachId });
  const updates = (await listUpdates(deps.ctx, session.actor, { breachId: breach.id })).map(presentUpdate);
  const view: UpdatesView = {
    breachId: breach.id,
    breachTitle: breach.title,
    formToken: session.formToken,
    mayWrite: may(session.actor, "update.create"),
    pageSlug: breach.pageSlug,
    slugTyped: shown.slugTyped ?? "",
    updates,
    typed: shown.typed ?? { title: { nl: "", en: "" }, body: { nl: "", en: "" } },
    errors: shown.errors ?? [],
    problem: shown.problem ?? null,
    warnings: shown.warnings ?? {},
    preview: shown.preview ?? null,
    notice: shown.notice ?? null,
  };
  return deps.send(
    reply,
    status,
    status >= 400 ? T.errorTitle : T.title,
    updatesBody(deps.language, view),
    UPDATES_PATH(breach.id),
  );
}

const NOTICES = { gepubliceerd: T.publishedNotice, pagina: T.pagePublished } as const;

export function registerUpdatePages(app: FastifyInstance, deps: CampaignRouteDeps): void {
  registerBreachFormPage(app, deps, {
    segment: "updates",
    reads,
    notices: NOTICES,
    show: updatesPage,
    take: postUpdates,
  });
  registerPhishingPage(app, deps);
}

/** One posted action: preview, save a draft, publish a draft, or publish the breach page. */
async function postUpdates(
  deps: CampaignRouteDeps,
  reply: FastifyReply,
  session: Session,
  breachId: string,
  body: Body,
): Promise<FastifyReply> {
  const { ctx, language } = deps;
  const action = body?.actie;
  const typed = typedTexts(body, 160, 5_000);
  const again = (status: number, shown: Shown) => updatesPage(deps, reply, session, breachId, status, shown);
  try {
    if (action === "publiceren") {
      await publishUpdate(ctx, session.actor, { breachId, updateId: field(body, "update", 40) });
      return deps.go(reply, UPDATES_PATH(breachId), "?gepubliceerd");
    }
    if (action === "pagina") {
      const slug = field(body, "slug", 100).trim();
      await publishBreachPage(ctx, session.actor, { breachId, ...(slug ? { slug } : {}) });
      return deps.go(reply, UPDATES_PATH(breachId), "?pagina");
    }
    if (action === "opslaan") {
      // English is optional: an empty field is left out rather than sent as an empty text.
      const given = (text: Bilingual) => ({ nl: text.nl, ...(text.en.trim() ? { en: text.en } : {}) });
      const created = await createUpdate(ctx, session.actor, {
        breachId,
        title: given(typed.title),
        body: given(typed.body),
      });
      const warnings = warningsByField(created.plainLanguage);
      const { title, body: text } = created.update;
      return again(200, { notice: t(T.saved, language), preview: { title, body: text }, warnings });
    }
    // A preview only: nothing is stored, and the B1 check is the one saving would answer with.
    requireUuid(breachId);
    await getBreach(ctx, session.actor, { breachId });
    if (!may(session.actor, "update.create")) return deps.forbidden(reply);
    const missing = (["title", "body"] as const)
      .filter((part) => typed[part].nl.trim() === "")
      .map((part) => ({ field: part === "title" ? "titel-nl" : "tekst-nl", message: t(T.fill, language) }));
    if (missing.length > 0) return again(400, { typed, errors: missing });
    return again(200, { typed, preview: typed, warnings: plainLanguageOf(typed) });
  } catch (error) {
    if (!(error instanceof OperationProblem) || !["invalid", "conflict"].includes(error.code)) throw error;
    const { errors, problem } = problemsAt(error, language);
    const slugTyped = action === "pagina" ? field(body, "slug", 100) : "";
    return again(error.code === "invalid" ? 400 : 409, { typed, errors, problem, slugTyped });
  }
}
