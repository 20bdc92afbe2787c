/**
 * The console's message editor, `/console/datalek/<breachId>/berichten` (issue 17, step 4): an editor writes a
 * campaign's texts per element, starting from the framework's template texts, checks them (completeness, B1,
 * anti-phishing, shown at the field), previews one made-up person's message per flag set, language and
 * channel, and creates the campaign, which is then checked at once so a second person can approve it on the
 * campaign's page. Everything goes through the operations as the signed-in staff actor (`checkCampaignDraft`,
 * `previewCampaignDraft`, `createCampaign`, `checkCampaign`), so the permission table and the organisation
 * filter decide here too: another organisation's breach is the same 404 as an unknown one. A failed submit
 * shows every field as typed.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { checkPlainLanguage, ELEMENTS, FLAG_IDS } from "../../framework/index.ts";
import type { Recipient } from "../../messages/index.ts";
import {
  type Actor,
  checkCampaign,
  checkCampaignDraft,
  createCampaign,
  type DraftPreview,
  formTokenMatches,
  getBreach,
  listCampaigns,
  listUpdates,
  may,
  OperationProblem,
  previewCampaignDraft,
} from "../../operations/index.ts";
import { LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import type { CampaignRouteDeps } from "./console-campaigns.ts";
import { CAMPAIGN_PATHS } from "./console-campaigns-view.ts";
import { OWN_TEXTS, type OwnTextId, MESSAGES_TEXT as T } from "./console-messages-text.ts";
import {
  type Bilingual,
  elementField,
  type FieldWarning,
  MESSAGES_PATH,
  type MessageFormValues,
  type MessagesView,
  messagesBody,
  PREVIEW_CHANNELS,
  type PreviewChannel,
  textField,
} from "./console-messages-view.ts";
import { refusals } from "./console-updates-forms.ts";
import type { FieldError } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Body = Record<string, unknown> | undefined;
type Session = NonNullable<Awaited<ReturnType<CampaignRouteDeps["signedIn"]>>>;

const MAX_TEXT = 5_000;
/** Line ends as typed in a browser (CRLF) and as stored (LF) are the same text. */
const field = (body: Body, name: string, max = MAX_TEXT): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n").slice(0, max) : "";
};
const values = (body: Body, name: string): string[] => {
  const value = body?.[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").slice(0, 20) : [];
};
const same = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
const template = (id: string): Bilingual => {
  const element = ELEMENTS.find((e) => e.id === id);
  return { nl: element?.template.nl ?? "", en: element?.template.en ?? "" };
};

/** Breach ids are UUIDs: anything else is not found before the database is asked. */
function knownId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new OperationProblem("not-found", "There is no such breach.");
  return id;
}

/** Editing needs the write role in an organisation (checking a draft is what an editor does). */
const edits = (actor: Actor) => actor.organisationId !== null && may(actor, "campaign.check");

const emptyTexts = (): Record<OwnTextId, Bilingual> =>
  Object.fromEntries(OWN_TEXTS.map((own) => [own.id, { nl: "", en: "" }])) as Record<OwnTextId, Bilingual>;

/** The form as first shown: the latest campaign's texts of this breach if there is one, else the framework's. */
async function startingValues(
  deps: CampaignRouteDeps,
  session: Session,
  breachId: string,
  query: Record<string, unknown>,
): Promise<MessageFormValues> {
  const latest = (await listCampaigns(deps.ctx, session.actor, { breachId })).at(-1);
  const setup = (latest?.setup ?? {}) as {
    texts?: Record<string, Bilingual>;
    overrides?: Record<string, Bilingual>;
  };
  const texts = emptyTexts();
  for (const own of OWN_TEXTS) {
    const stored = setup.texts?.[own.id];
    if (stored && own.id !== "updateNews") texts[own.id] = { nl: stored.nl ?? "", en: stored.en ?? "" };
  }
  const elements = Object.fromEntries(ELEMENTS.map((e) => [e.id, setup.overrides?.[e.id] ?? template(e.id)]));
  const kind = query.soort === "update" ? "update" : "first-notice";
  let updateId = "";
  if (typeof query.update === "string") {
    const update = (await listUpdates(deps.ctx, session.actor, { breachId })).find(
      (u) => u.id === query.update,
    );
    if (update) {
      updateId = update.id;
      texts.updateNews = { nl: update.body.nl, en: update.body.en };
    }
  }
  return {
    kind,
    segment: "",
    flag: "",
    notReached: false,
    subscribers: false,
    texts,
    elements,
    preview: { language: "nl", flags: [], channel: "email" },
    updateId,
  };
}

/** The form as posted, kept whole so a failed submit shows everything as typed. */
function postedValues(body: Body): MessageFormValues {
  const texts = emptyTexts();
  for (const own of OWN_TEXTS)
    texts[own.id] = { nl: field(body, textField(own.id, "nl")), en: field(body, textField(own.id, "en")) };
  const elements = Object.fromEntries(
    ELEMENTS.map((e) => [
      e.id,
      { nl: field(body, elementField(e.id, "nl")), en: field(body, elementField(e.id, "en")) },
    ]),
  );
  const channel = PREVIEW_CHANNELS.find((c) => c === body?.voorbeeldKanaal) ?? "email";
  const language = LANGUAGES.find((l) => l === body?.voorbeeldTaal) ?? "nl";
  return {
    kind: body?.soort === "update" ? "update" : "first-notice",
    segment: field(body, "segment", 100).trim(),
    flag: field(body, "vlag", 40),
    notReached: body?.nietBereikt === "ja",
    subscribers: body?.abonnees === "ja",
    texts,
    elements,
    preview: {
      language,
      channel: channel as PreviewChannel,
      flags: values(body, "voorbeeldKenmerk").filter((f) => (FLAG_IDS as readonly string[]).includes(f)),
    },
    updateId: /^[0-9a-f-]{36}$/i.test(field(body, "update", 36)) ? field(body, "update", 36) : "",
  };
}

/** Fields that must be filled before anything is checked, previewed or created. */
function missingFields(v: MessageFormValues, language: Language): FieldError[] {
  const errors: FieldError[] = [];
  for (const own of OWN_TEXTS) {
    const needed = own.required === "always" || (own.required === "update" && v.kind === "update");
    if (!needed) continue;
    for (const lang of LANGUAGES)
      if (v.texts[own.id][lang].trim() === "")
        errors.push({
          field: textField(own.id, lang),
          message: `${t(own.label, language)} (${lang}): ${t(T.fill, language)}`,
        });
  }
  for (const element of ELEMENTS)
    for (const lang of LANGUAGES)
      if (v.elements[element.id]?.[lang].trim() === "")
        errors.push({
          field: elementField(element.id, lang),
          message: `${t(element.title, language)} (${lang}): ${t(T.fill, language)}`,
        });
  return errors;
}

/** The campaign's own setup and selection, as `createCampaign` takes them: only changed elements are overrides. */
function draftOf(v: MessageFormValues) {
  const texts: Record<string, Bilingual> = {};
  for (const own of OWN_TEXTS) {
    const text = v.texts[own.id];
    if (
      own.required === "always" ||
      (own.id === "updateNews" && v.kind === "update") ||
      text.nl.trim() !== ""
    )
      texts[own.id] = { nl: text.nl.trim(), en: text.en.trim() };
  }
  const overrides: Record<string, Bilingual> = {};
  for (const element of ELEMENTS) {
    const typed = v.elements[element.id] ?? template(element.id);
    const original = template(element.id);
    if (!same(typed.nl, original.nl) || !same(typed.en, original.en)) overrides[element.id] = typed;
  }
  const selection = {
    ...(v.segment ? { segment: v.segment } : {}),
    ...(v.flag ? { flag: v.flag } : {}),
    ...(v.notReached ? { notReached: true } : {}),
    ...(v.subscribers ? { subscribers: true } : {}),
  };
  return {
    kind: v.kind,
    selection,
    setup: { texts, ...(Object.keys(overrides).length ? { overrides } : {}) },
  };
}

/** A made-up person with the chosen language and traits, reachable on every channel. */
function previewPerson(v: MessageFormValues): Recipient {
  const { language, flags } = v.preview;
  return {
    id: "voorbeeld-1",
    name: language === "nl" ? "Eva Jansen" : "John Smith",
    email: "voorbeeld@example.org",
    phone: "+31612345678",
    address: { street: "Dorpsstraat", houseNumber: "12", postcode: "1234 AB", city: "Utrecht" },
    language,
    categories: [],
    flags,
    ...(flags.includes("represented")
      ? {
          representative: {
            name: "J. Smit, bewindvoerder",
            address: { street: "Stationsplein", houseNumber: "1", postcode: "3511 ED", city: "Utrecht" },
          },
        }
      : {}),
    ...(v.segment ? { segment: v.segment } : {}),
  };
}

/** An operation's field problems at the fields of the form; what fits no field is the page's problem. */
function problemFields(error: OperationProblem): { errors: FieldError[]; rest: string[] } {
  const errors: FieldError[] = [];
  const rest: string[] = [];
  for (const problem of error.problems) {
    const path = problem.path;
    const text = /^setup\.texts\.(\w+)(?:\.(nl|en))?/.exec(path);
    const override = /^setup\.overrides\.([a-z-]+)(?:\.(nl|en))?/.exec(path);
    const selection = /^selection\.(segment|flag|subscribers)/.exec(path);
    const id = text
      ? textField(text[1] as string, (text[2] ?? "nl") as Language)
      : override
        ? elementField(override[1] as string, (override[2] ?? "nl") as Language)
        : selection
          ? { segment: "segment", flag: "vlag", subscribers: "abonnees" }[selection[1] as string]
          : undefined;
    if (id) errors.push({ field: id, message: problem.message });
    else rest.push(`${problem.path ? `${problem.path}: ` : ""}${problem.message}`);
  }
  if (errors.length === 0 && rest.length === 0) rest.push(error.message);
  return { errors, rest };
}

/** B1 findings of every text typed, by field. */
function plainLanguageOf(v: MessageFormValues): Record<string, FieldWarning[]> {
  const fields: Record<string, FieldWarning[]> = {};
  const add = (id: string, text: string, lang: Language) => {
    if (text.trim() === "") return;
    const found = checkPlainLanguage(text, { language: lang }).findings;
    if (found.length > 0)
      fields[id] = found.map((f) => ({
        severity: f.severity,
        message: f.message,
        excerpt: f.excerpt,
        suggestion: f.suggestion,
      }));
  };
  for (const own of OWN_TEXTS)
    for (const lang of LANGUAGES) add(textField(own.id, lang), v.texts[own.id][lang], lang);
  for (const element of ELEMENTS)
    for (const lang of LANGUAGES)
      add(elementField(element.id, lang), v.elements[element.id]?.[lang] ?? "", lang);
  return fields;
}

function shownPreview(channel: PreviewChannel, rendered: DraftPreview) {
  return {
    channel,
    subject: rendered.message.subject,
    emailHtml: rendered.email.html,
    emailText: rendered.email.text,
    sms: rendered.sms.text,
    smsSegments: rendered.sms.segments,
    portalHtml: rendered.portal,
    letterPages: rendered.letter ? rendered.letter.pages : null,
    findings: rendered.findings.filter((f) => f.check !== "reach"),
  };
}

/**
 * The page's two routes: the form as first shown, and its posted actions (`answer`).
 */
export function registerMessagePages(app: FastifyInstance, deps: CampaignRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  const path = localPath(`${CAMPAIGN_PATHS.breach}/:id/berichten`, language);
  const { refusal } = refusals(deps);
  const show = (reply: FastifyReply, status: number, view: MessagesView) =>
    send(
      reply,
      status,
      status >= 400 ? T.errorTitle : T.title,
      messagesBody(language, view),
      MESSAGES_PATH(view.breachId),
    );

  app.get<{ Params: { id: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!edits(session.actor)) return forbidden(reply);
    try {
      const breach = await getBreach(ctx, session.actor, { breachId: knownId(request.params.id) });
      const values = await startingValues(
        deps,
        session,
        breach.id,
        (request.query ?? {}) as Record<string, unknown>,
      );
      return show(reply, 200, {
        breachId: breach.id,
        breachTitle: breach.title,
        formToken: session.formToken,
        values,
        errors: [],
        problem: null,
        checks: null,
        preview: null,
        mayCreate: may(session.actor, "campaign.create"),
      });
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    path,
    { schema: { hide: true } },
    async (request, reply) => {
      if (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), request.body?.formulier))
        return deps.refuse(reply);
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!edits(session.actor)) return forbidden(reply);
      let breach: Awaited<ReturnType<typeof getBreach>>;
      try {
        breach = await getBreach(ctx, session.actor, { breachId: knownId(request.params.id) });
      } catch (error) {
        return refusal(reply, error);
      }
      const typed = postedValues(request.body);
      const view: MessagesView = {
        breachId: breach.id,
        breachTitle: breach.title,
        formToken: session.formToken,
        values: typed,
        errors: missingFields(typed, language),
        problem: null,
        checks: null,
        preview: null,
        mayCreate: may(session.actor, "campaign.create"),
      };
      if (view.errors.length > 0) return show(reply, 400, view);
      return answer(deps, { reply, session, view, action: request.body?.actie, show, refusal });
    },
  );
}

interface Answering {
  reply: FastifyReply;
  session: Session;
  view: MessagesView;
  action: unknown;
  show: (reply: FastifyReply, status: number, view: MessagesView) => FastifyReply;
  refusal: (reply: FastifyReply, error: unknown) => FastifyReply;
}

/**
 * One posted action on a complete form: create (and check) the campaign, preview it, open the letter, or check
 * it. A refusal about the texts comes back at the fields, with the form as typed.
 */
async function answer(deps: CampaignRouteDeps, a: Answering): Promise<FastifyReply> {
  const { ctx } = deps;
  const { reply, session, view } = a;
  const typed = view.values;
  const draft = { breachId: view.breachId, ...draftOf(typed) };
  try {
    if (a.action === "maken") {
      const campaign = await createCampaign(ctx, session.actor, draft);
      // Checked at once, so it can be approved; blocking findings keep it a draft and its page says why.
      await checkCampaign(ctx, session.actor, { campaignId: campaign.id }).catch((error: unknown) => {
        if (!(error instanceof OperationProblem && error.code === "conflict")) throw error;
      });
      return deps.go(reply, `${CAMPAIGN_PATHS.campaign}/${campaign.id}`);
    }
    if (a.action === "voorbeeld" || a.action === "brief") {
      const channel = a.action === "brief" ? "letter" : typed.preview.channel;
      const rendered = await previewCampaignDraft(ctx, session.actor, {
        ...draft,
        recipient: previewPerson(typed),
      });
      if (a.action === "brief" && rendered.letter)
        return reply
          .header("cache-control", "no-store")
          .header("content-disposition", 'inline; filename="voorbeeld-brief.pdf"')
          .type("application/pdf")
          .send(Buffer.from(rendered.letter.pdf));
      return a.show(reply, 200, { ...view, preview: shownPreview(channel, rendered) });
    }
    const findings = await checkCampaignDraft(ctx, session.actor, draft);
    return a.show(reply, 200, { ...view, checks: { findings, fields: plainLanguageOf(typed) } });
  } catch (error) {
    if (!(error instanceof OperationProblem) || !["invalid", "conflict", "unavailable"].includes(error.code))
      return a.refusal(reply, error);
    const { errors, rest } = problemFields(error);
    const status = error.code === "invalid" ? 400 : error.code === "conflict" ? 409 : 503;
    return a.show(reply, status, { ...view, errors, problem: rest.length ? rest.join(" ") : null });
  }
}
