/**
 * "Ik kreeg een verdacht bericht": on a published breach's page, anyone reports a message that claims to be
 * about the breach — how it came, who it said it was from, when, what it said, and a screenshot if they like.
 * The text loses the reporter's own contact data before it is stored (operations/phishing-scrub.ts), the
 * screenshot its metadata, and nothing about the reporter (no address, no network) is kept; limits count
 * networks in this process's memory only.
 *
 * POST only, cross-site posts refused (as "is this message genuine?"), limits per network and overall, and a
 * post-redirect-get to a thank-you page that says what to do now, so reloading it does not report twice. An
 * unknown slug and a draft breach both answer the site's ordinary 404. Works without JavaScript; the form is
 * multipart for the screenshot, and an urlencoded post (without one) is taken as well.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HELP_ORGANISATIONS } from "../../framework/index.ts";
import {
  activePhishingWarnings,
  findReportableBreach,
  OperationProblem,
  PHISHING_CHANNELS,
  REPORT_LIMITS,
  submitPhishingReport,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { html, raw, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { acceptMultipart } from "../multipart.ts";
import { contactList } from "./help.ts";
import { crossSite, limiter, networkOf } from "./verify-message.ts";

export interface ReportLimits {
  perNetwork: { max: number; windowMs: number };
  overall: { max: number; windowMs: number };
}

export const REPORT_PHISHING_LIMITS: ReportLimits = {
  perNetwork: { max: 20, windowMs: 60 * 60_000 },
  overall: { max: 600, windowMs: 10 * 60_000 },
};

export interface ReportPhishingOptions {
  store: { db: Executor; keys: Keyring };
  limits?: Partial<ReportLimits>;
}

/** A screenshot of up to 2 MB, with room for the other fields and the multipart framing. */
const BODY_LIMIT = 2 * 1024 * 1024 + 96 * 1024;

const breachPath = (slug: string) => `/datalek/${slug}`;
const formPath = (slug: string) => `${breachPath(slug)}/verdacht-bericht`;
const thanksPath = (slug: string) => `${formPath(slug)}/bedankt`;

const TEXT = {
  title: { nl: "Ik kreeg een verdacht bericht", en: "I received a suspicious message" },
  lead: {
    nl: "Kreeg u een bericht over het datalek bij {org}? En vertrouwt u het niet? Meld het hier. Dan kan {org} andere mensen waarschuwen.",
    en: "Did you get a message about the data breach at {org}? And do you not trust it? Report it here. Then {org} can warn other people.",
  },
  privacy: {
    nl: "Wij halen uw e-mailadres, telefoonnummer, rekeningnummer en adres zelf uit de tekst. Wij bewaren niet wie u bent.",
    en: "We remove your e-mail address, phone number, bank account number and address from the text ourselves. We do not keep who you are.",
  },
  warningsTitle: { nl: "Deze nepberichten gaan al rond", en: "These fake messages are already going round" },
  back: {
    nl: "Terug naar de informatie over dit datalek",
    en: "Back to the information about this data breach",
  },
  channel: { nl: "Hoe kreeg u het bericht?", en: "How did you get the message?" },
  channels: {
    email: { nl: "E-mail", en: "E-mail" },
    sms: { nl: "Sms", en: "Text message (SMS)" },
    phone: { nl: "Telefoongesprek", en: "Phone call" },
    letter: { nl: "Brief", en: "Letter" },
    social: { nl: "Sociale media of chat, zoals WhatsApp", en: "Social media or chat, such as WhatsApp" },
    other: { nl: "Anders", en: "Other" },
  } satisfies Record<string, BilingualText>,
  sender: { nl: "Van wie kwam het bericht? (niet verplicht)", en: "Who was the message from? (optional)" },
  senderHint: {
    nl: "Het e-mailadres, telefoonnummer of de naam zoals u die zag.",
    en: "The e-mail address, phone number or name as you saw it.",
  },
  date: { nl: "Op welke dag kreeg u het bericht?", en: "On which day did you get the message?" },
  dateHint: { nl: "Bijvoorbeeld 4-12-2026.", en: "For example 4-12-2026 (day, month, year)." },
  time: { nl: "Hoe laat? (niet verplicht)", en: "At what time? (optional)" },
  timeHint: { nl: "Bijvoorbeeld 14:30.", en: "For example 14:30." },
  text: { nl: "Wat stond er in het bericht?", en: "What did the message say?" },
  textHint: {
    nl: "Neem de tekst over of plak hem hier. Was het een telefoongesprek? Schrijf dan op wat er werd gezegd.",
    en: "Copy or paste the text here. Was it a phone call? Then write down what was said.",
  },
  screenshot: { nl: "Schermafbeelding (niet verplicht)", en: "Screenshot (optional)" },
  screenshotHint: {
    nl: "Een foto of schermafbeelding van het bericht, als PNG of JPG. Hoogstens 2 MB.",
    en: "A photo or screenshot of the message, as PNG or JPG. At most 2 MB.",
  },
  submit: { nl: "Verstuur de melding", en: "Send the report" },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  errors: {
    channel: { nl: "Kies hoe u het bericht kreeg.", en: "Choose how you got the message." },
    sender: {
      nl: `Vul hoogstens ${REPORT_LIMITS.sender} tekens in bij de afzender.`,
      en: `Enter at most ${REPORT_LIMITS.sender} characters for the sender.`,
    },
    receivedOn: {
      nl: "Vul een dag in het afgelopen jaar in, zoals 4-12-2026.",
      en: "Enter a day in the past year, such as 4-12-2026.",
    },
    receivedTime: {
      nl: "Vul een tijd in zoals 14:30, of laat dit leeg.",
      en: "Enter a time such as 14:30, or leave it empty.",
    },
    text: {
      nl: `Vul de tekst van het bericht in. Hoogstens ${REPORT_LIMITS.text} tekens.`,
      en: `Enter the text of the message. At most ${REPORT_LIMITS.text} characters.`,
    },
    screenshot: {
      nl: "De schermafbeelding moet een PNG of JPG zijn van hoogstens 2 MB. Kies hem opnieuw, of laat hem weg.",
      en: "The screenshot must be a PNG or JPG of at most 2 MB. Choose it again, or leave it out.",
    },
  } satisfies Record<string, BilingualText>,
  thanksTitle: { nl: "Bedankt voor uw melding", en: "Thank you for your report" },
  thanksLead: {
    nl: "Wij hebben uw melding ontvangen. De organisatie ziet welke nepberichten rondgaan. Zo kan zij anderen waarschuwen.",
    en: "We have received your report. The organisation sees which fake messages are going round. This helps it warn others.",
  },
  whatToDo: { nl: "Wat doet u nu?", en: "What do you do now?" },
  steps: [
    { nl: "Klik niet op links in het bericht.", en: "Do not click links in the message." },
    {
      nl: "Betaal niets en geef geen codes of wachtwoorden.",
      en: "Do not pay anything and do not give codes or passwords.",
    },
    {
      nl: "Bel de organisatie via een nummer dat u al kent. Gebruik niet het nummer uit het bericht.",
      en: "Call the organisation on a number you already know. Do not use the number in the message.",
    },
    {
      nl: "Meld het bericht ook bij de Fraudehelpdesk:",
      en: "Also report the message to the Fraudehelpdesk (the Dutch fraud help desk):",
    },
  ] satisfies BilingualText[],
  paid: {
    nl: "Heeft u al betaald of iets ingevuld? Bel dan meteen uw bank. Doe daarna aangifte bij de politie.",
    en: "Have you already paid or filled something in? Then call your bank at once. After that, report it to the police.",
  },
  another: { nl: "Meld nog een bericht", en: "Report another message" },
  help: { nl: "Hulp en contact", en: "Help and contact" },
  tooManyTitle: { nl: "Even wachten", en: "Please wait" },
  tooMany: {
    nl: "Er zijn te veel meldingen verstuurd. Probeer het over {minutes} minuten opnieuw.",
    en: "Too many reports have been sent. Please try again in {minutes} minutes.",
  },
  refusedTitle: { nl: "Niet verstuurd", en: "Not sent" },
  tooLarge: {
    nl: "Uw melding is te groot. Een schermafbeelding mag hoogstens 2 MB zijn. Ga terug en kies een kleinere afbeelding. Of verstuur de melding zonder afbeelding.",
    en: "Your report is too large. A screenshot may be at most 2 MB. Go back and choose a smaller image. Or send the report without an image.",
  },
  unreadable: {
    nl: "Wij konden het formulier niet lezen. Ga terug en probeer het opnieuw.",
    en: "We could not read the form. Go back and try again.",
  },
  refused: {
    nl: "Dit formulier kwam van een andere website. Open deze pagina zelf en vul de melding hier in.",
    en: "This form came from another website. Open this page yourself and fill in the report here.",
  },
} as const;

type Field = keyof typeof TEXT.errors;
type Values = Partial<Record<Exclude<Field, "screenshot">, string>>;
type FullValues = Required<Values>;

const FIELD_IDS: Record<Field, string> = {
  channel: "kanaal-email",
  sender: "afzender",
  receivedOn: "datum",
  receivedTime: "tijd",
  text: "tekst",
  screenshot: "schermafbeelding",
};

function errorMessage(field: Field, errors: ReadonlySet<Field>, language: Language): SafeHtml | "" {
  if (!errors.has(field)) return "";
  return html`<div class="utrecht-form-field-error-message" id="${FIELD_IDS[field]}-fout"><p class="utrecht-paragraph">${t(TEXT.errors[field], language)}</p></div>`;
}

function describedBy(field: Field, errors: ReadonlySet<Field>, hint: boolean): string {
  const id = FIELD_IDS[field];
  return [errors.has(field) ? `${id}-fout` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ");
}

function hint(field: Field, text: BilingualText, language: Language): SafeHtml {
  return html`<div class="utrecht-form-field__description" id="${FIELD_IDS[field]}-hint"><p class="utrecht-paragraph">${t(text, language)}</p></div>`;
}

function fieldClass(kind: string, field: Field, errors: ReadonlySet<Field>): string {
  return `utrecht-form-field utrecht-form-field--${kind}${errors.has(field) ? " utrecht-form-field--invalid" : ""}`;
}

function channelField(values: Values, errors: ReadonlySet<Field>, language: Language): SafeHtml {
  const invalid = errors.has("channel");
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${invalid ? " utrecht-form-fieldset--invalid" : ""}"${invalid ? html` aria-describedby="kanaal-email-fout"` : ""}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(TEXT.channel, language)}</legend>
${errorMessage("channel", errors, language)}
${PHISHING_CHANNELS.map(
  (channel) => html`<div class="utrecht-form-field utrecht-form-field--radio">
<div class="utrecht-form-field__input"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="kanaal-${channel}" name="channel" value="${channel}"${values.channel === channel ? html` checked` : ""}${invalid ? html` aria-invalid="true"` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--radio" for="kanaal-${channel}">${t(TEXT.channels[channel], language)}</label></div>
</div>`,
)}
</fieldset>`;
}

/** A one-line text input with its label, hint and error. */
function textField(
  field: "sender" | "receivedOn" | "receivedTime",
  options: { label: BilingualText; hint: BilingualText; type: string; extra: string },
  values: Values,
  errors: ReadonlySet<Field>,
  language: Language,
): SafeHtml {
  const id = FIELD_IDS[field];
  const invalid = errors.has(field);
  return html`<div class="${fieldClass("text", field, errors)}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${t(options.label, language)}</label></div>
${hint(field, options.hint, language)}
${errorMessage(field, errors, language)}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${invalid ? " utrecht-textbox--invalid" : ""}" id="${id}" name="${field}" type="${options.type}" value="${values[field] ?? ""}" aria-describedby="${describedBy(field, errors, true)}"${invalid ? html` aria-invalid="true"` : ""} ${raw(options.extra)}></div>
</div>`;
}

function form(slug: string, values: Values, errors: ReadonlySet<Field>, language: Language): SafeHtml {
  const textInvalid = errors.has("text");
  const shotInvalid = errors.has("screenshot");
  return html`<form class="utrecht-form" method="post" action="${localPath(formPath(slug), language)}" enctype="multipart/form-data" novalidate>
${channelField(values, errors, language)}
${textField("sender", { label: TEXT.sender, hint: TEXT.senderHint, type: "text", extra: `maxlength="${REPORT_LIMITS.sender}" autocomplete="off" spellcheck="false"` }, values, errors, language)}
${textField("receivedOn", { label: TEXT.date, hint: TEXT.dateHint, type: "text", extra: 'inputmode="numeric" autocomplete="off" maxlength="10"' }, values, errors, language)}
${textField("receivedTime", { label: TEXT.time, hint: TEXT.timeHint, type: "text", extra: 'inputmode="numeric" autocomplete="off" maxlength="5"' }, values, errors, language)}
<div class="${fieldClass("textarea", "text", errors)}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="tekst">${t(TEXT.text, language)}</label></div>
${hint("text", TEXT.textHint, language)}
${errorMessage("text", errors, language)}
<div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea${textInvalid ? " utrecht-textarea--invalid" : ""}" id="tekst" name="text" rows="8" maxlength="${String(REPORT_LIMITS.text)}" aria-describedby="${describedBy("text", errors, true)}"${textInvalid ? html` aria-invalid="true"` : ""}>${values.text ?? ""}</textarea></div>
</div>
<div class="${fieldClass("file", "screenshot", errors)}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="schermafbeelding">${t(TEXT.screenshot, language)}</label></div>
${hint("screenshot", TEXT.screenshotHint, language)}
${errorMessage("screenshot", errors, language)}
<div class="utrecht-form-field__input"><input class="lw-file-input" id="schermafbeelding" name="screenshot" type="file" accept="image/png,image/jpeg" aria-describedby="${describedBy("screenshot", errors, true)}"${shotInvalid ? html` aria-invalid="true"` : ""}></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>
</form>`;
}

function errorSummary(errors: ReadonlySet<Field>, language: Language): SafeHtml | "" {
  if (errors.size === 0) return "";
  const order = Object.keys(FIELD_IDS) as Field[];
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${order
    .filter((field) => errors.has(field))
    .map(
      (field) =>
        html`<li><a class="utrecht-link" href="#${FIELD_IDS[field]}">${t(TEXT.errors[field], language)}</a></li>`,
    )}</ul>
</div></div></section>`;
}

const withOrg = (text: BilingualText, organisation: string, language: Language) =>
  t(text, language).replaceAll("{org}", organisation);

type Warning = Awaited<ReturnType<typeof activePhishingWarnings>>[number];

/** The organisation's active warnings: what is already known to go round. */
function warningsBox(warnings: readonly Warning[], language: Language): SafeHtml | "" {
  if (warnings.length === 0) return "";
  return html`<section class="utrecht-alert utrecht-alert--warning" aria-labelledby="waarschuwing-titel"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="waarschuwing-titel">${t(TEXT.warningsTitle, language)}</h2>
${warnings.map(
  (warning) =>
    html`<p class="utrecht-paragraph"><strong>${warning.title[language] || warning.title.nl}</strong> ${warning.body[language] || warning.body.nl}</p>`,
)}
</div></div></section>`;
}

function formBody(
  breach: { slug: string; organisationName: string; warnings: readonly Warning[] },
  values: Values,
  errors: ReadonlySet<Field>,
  language: Language,
): SafeHtml {
  return html`<div class="lw-prose">
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(breachPath(breach.slug), language)}">${t(TEXT.back, language)}</a></p>
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${errorSummary(errors, language)}
<p class="utrecht-paragraph utrecht-paragraph--lead">${withOrg(TEXT.lead, breach.organisationName, language)}</p>
${warningsBox(breach.warnings, language)}
<p class="utrecht-paragraph">${t(TEXT.privacy, language)}</p>
${form(breach.slug, values, errors, language)}
</div>`;
}

function thanksBody(slug: string, language: Language): SafeHtml {
  const helpdesk = HELP_ORGANISATIONS.find((organisation) => organisation.id === "fraudehelpdesk");
  const last = TEXT.steps.length - 1;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.thanksTitle, language)}</h1>
<div class="utrecht-alert utrecht-alert--ok" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${t(TEXT.thanksLead, language)}</p>
</div></div></div>
<h2 class="utrecht-heading-2">${t(TEXT.whatToDo, language)}</h2>
<ol class="utrecht-ordered-list">${TEXT.steps.map(
    (step, index) =>
      html`<li>${t(step, language)}${index === last && helpdesk ? contactList(helpdesk, language) : ""}</li>`,
  )}</ol>
<p class="utrecht-paragraph">${t(TEXT.paid, language)}</p>
<ul class="utrecht-unordered-list">
<li><a class="utrecht-link" href="${localPath(breachPath(slug), language)}">${t(TEXT.back, language)}</a></li>
<li><a class="utrecht-link" href="${localPath(formPath(slug), language)}">${t(TEXT.another, language)}</a></li>
<li><a class="utrecht-link" href="${localPath("/hulp", language)}">${t(TEXT.help, language)}</a></li>
</ul>
</div>`;
}

/** `4-12-2026` or `04/12/2026` (day first, as people write it here) or `2026-12-04` → `2026-12-04`. */
export function isoDay(typed: string): string {
  const trimmed = typed.trim();
  const dayFirst = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(trimmed);
  if (!dayFirst) return trimmed;
  return `${dayFirst[3]}-${dayFirst[2]?.padStart(2, "0")}-${dayFirst[1]?.padStart(2, "0")}`;
}

const fieldText = (body: Record<string, unknown> | undefined, name: string, max: number): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};

function valuesOf(body: Record<string, unknown> | undefined): FullValues {
  return {
    channel: fieldText(body, "channel", 20),
    sender: fieldText(body, "sender", REPORT_LIMITS.sender * 2),
    receivedOn: fieldText(body, "receivedOn", 40),
    receivedTime: fieldText(body, "receivedTime", 20),
    text: fieldText(body, "text", REPORT_LIMITS.text * 2),
  };
}

/** Today, day first: most messages are reported the day they came. */
const today = () => {
  const now = new Date();
  return `${now.getDate()}-${now.getMonth() + 1}-${now.getFullYear()}`;
};

type Store = ReportPhishingOptions["store"];

function send(
  reply: FastifyReply,
  language: Language,
  answer: { status: number; path: string; title: BilingualText; body: SafeHtml },
) {
  return reply
    .code(answer.status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(page({ language, path: answer.path, title: answer.title, body: answer.body }));
}

/** A short answer instead of the form: refused, or please wait. */
function notice(
  reply: FastifyReply,
  language: Language,
  slug: string,
  status: number,
  title: BilingualText,
  text: string,
) {
  const body = html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(title, language)}</h1>
<p class="utrecht-paragraph">${text}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(breachPath(slug), language)}">${t(TEXT.back, language)}</a></p></div>`;
  return send(reply, language, { status, path: formPath(slug), title, body });
}

/** The form (with the warnings already out) and the thank-you page; an unknown or draft breach is 404. */
function pageRoutes(app: FastifyInstance, store: Store, language: Language): void {
  app.get<{ Params: { slug: string } }>(
    localPath("/datalek/:slug/verdacht-bericht", language),
    { schema: { hide: true } },
    async (request, reply) => {
      const breach = await findReportableBreach(store, request.params.slug);
      if (!breach) return reply.callNotFound();
      const warnings = await activePhishingWarnings(store, breach.id);
      const body = formBody({ ...breach, warnings }, { receivedOn: today() }, new Set(), language);
      return send(reply, language, { status: 200, path: formPath(breach.slug), title: TEXT.title, body });
    },
  );

  app.get<{ Params: { slug: string } }>(
    localPath("/datalek/:slug/verdacht-bericht/bedankt", language),
    { schema: { hide: true } },
    async (request, reply) => {
      const breach = await findReportableBreach(store, request.params.slug);
      if (!breach) return reply.callNotFound();
      const body = thanksBody(breach.slug, language);
      return send(reply, language, {
        status: 200,
        path: thanksPath(breach.slug),
        title: TEXT.thanksTitle,
        body,
      });
    },
  );
}

/** Taking a report: cross-site refused, limits, the form again with its problems, or on to the thank-you page. */
function postRoute(
  app: FastifyInstance,
  store: Store,
  language: Language,
  overLimit: (request: FastifyRequest) => number | null,
): void {
  app.post<{ Params: { slug: string }; Body: Record<string, unknown> | undefined }>(
    localPath("/datalek/:slug/verdacht-bericht", language),
    { schema: { hide: true }, bodyLimit: BODY_LIMIT },
    async (request, reply) => {
      const slug = request.params.slug;
      const breach = await findReportableBreach(store, slug);
      if (!breach) return reply.callNotFound();
      if (crossSite(request))
        return notice(reply, language, slug, 403, TEXT.refusedTitle, t(TEXT.refused, language));
      const wait = overLimit(request);
      if (wait !== null) {
        reply.header("retry-after", String(Math.ceil(wait / 1000)));
        const minutes = String(Math.max(1, Math.ceil(wait / 60_000)));
        return notice(
          reply,
          language,
          slug,
          429,
          TEXT.tooManyTitle,
          t(TEXT.tooMany, language).replace("{minutes}", minutes),
        );
      }
      const values = valuesOf(request.body);
      const screenshot = request.body?.screenshot;
      try {
        await submitPhishingReport(store, {
          slug,
          language,
          ...values,
          receivedOn: isoDay(values.receivedOn),
          screenshot: Buffer.isBuffer(screenshot) ? screenshot : undefined,
        });
      } catch (error) {
        if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
        const errors = new Set(error.problems.map((problem) => problem.path as Field));
        const title = { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` };
        const body = formBody({ ...breach, warnings: [] }, values, errors, language);
        return send(reply, language, { status: 400, path: formPath(slug), title, body });
      }
      return reply.header("cache-control", "no-store").redirect(localPath(thanksPath(slug), language), 303);
    },
  );
}

export async function reportPhishingRoutes(
  app: FastifyInstance,
  options: ReportPhishingOptions,
): Promise<void> {
  const limits: ReportLimits = { ...REPORT_PHISHING_LIMITS, ...options.limits };
  const take = limiter();
  const overLimit = (request: FastifyRequest): number | null =>
    take("all", limits.overall) ?? take(`net:${networkOf(request.ip)}`, limits.perNetwork);
  acceptMultipart(app, BODY_LIMIT);
  // A photo straight from a phone is often over the limit: say so on a page, not in problem+json. Anything
  // else goes on to the server's own error handler.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const slug = (request.params as { slug?: string }).slug;
    if ((status !== 413 && status !== 400) || !slug || error.validation) throw error;
    const language: Language = request.url.startsWith("/en/") ? "en" : "nl";
    const text = status === 413 ? TEXT.tooLarge : TEXT.unreadable;
    return notice(reply, language, slug, status, TEXT.refusedTitle, t(text, language));
  });
  for (const language of LANGUAGES) {
    pageRoutes(app, options.store, language);
    postRoute(app, options.store, language, overLimit);
  }
}
