/**
 * Update e-mails on "Mijn plan": the section where a victim subscribes an address (double opt-in: a code is
 * e-mailed, typed back here), sees the state masked, and unsubscribes at once; and the one-click unsubscribe
 * address of the e-mails (`/afmelden/<token>`, RFC 8058): a POST ends the subscription, a GET shows a page with
 * one button (no JavaScript) for people who open it in a browser. Every plan form needs the session and
 * refuses cross-site posts; the unsubscribe POST needs only its token (a mail program posts it from nowhere),
 * and answers the same for a known and an unknown token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  confirmUpdateSubscription,
  myPlan,
  type OperationContext,
  type SubscriptionView,
  subscribeToUpdates,
  subscriptionOf,
  unsubscribeByToken,
  unsubscribeFromUpdates,
} from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { PATH, planBody } from "./my-plan-view.ts";
import { crossSite } from "./verify-message.ts";

const TEXT = {
  title: { nl: "Nieuws per e-mail", en: "News by e-mail" },
  lead: {
    nl: "Wilt u een e-mail krijgen als er nieuws is over dit datalek? Vul dan uw e-mailadres in. Dat mag een ander adres zijn dan in het bestand van de organisatie. U krijgt eerst een e-mail met een code. Typ die code hier. Pas daarna krijgt u het nieuws.",
    en: "Do you want an e-mail when there is news about this data breach? Then enter your e-mail address. It may be another address than the one in the organisation's file. First you get an e-mail with a code. Type that code here. Only then do you get the news.",
  },
  emailLabel: { nl: "Uw e-mailadres", en: "Your e-mail address" },
  subscribe: { nl: "Stuur mij een code", en: "Send me a code" },
  waiting: {
    nl: "Wij sturen een e-mail met een code naar {email}. Typ de code hieronder. De code werkt 24 uur. Geen e-mail gekregen? Kijk ook bij uw spam.",
    en: "We send an e-mail with a code to {email}. Type the code below. The code works for 24 hours. No e-mail? Also look in your spam folder.",
  },
  codeLabel: { nl: "Code uit de e-mail", en: "Code from the e-mail" },
  codeHint: { nl: "8 tekens, bijvoorbeeld K7QX-M3PA.", en: "8 characters, for example K7QX-M3PA." },
  confirm: { nl: "Bevestigen", en: "Confirm" },
  again: {
    nl: "Een ander adres, of een nieuwe code? Vul het adres opnieuw in.",
    en: "Another address, or a new code? Enter the address again.",
  },
  subscribed: {
    nl: "U krijgt nieuws over dit datalek per e-mail op {email}.",
    en: "You get news about this data breach by e-mail at {email}.",
  },
  unsubscribeLead: {
    nl: "Wilt u deze e-mails niet meer? Klik op Afmelden. Dat werkt meteen.",
    en: "Do you no longer want these e-mails? Click Unsubscribe. It works at once.",
  },
  unsubscribe: { nl: "Afmelden", en: "Unsubscribe" },
  cancelPending: { nl: "Stop de aanmelding", en: "Stop signing up" },
  notices: {
    asked: {
      nl: "Gelukt. Wij sturen u een e-mail met een code.",
      en: "Done. We send you an e-mail with a code.",
    },
    confirmed: { nl: "Gelukt. U bent aangemeld.", en: "Done. You have signed up." },
    unsubscribed: {
      nl: "U bent afgemeld. U krijgt geen e-mails met nieuws meer.",
      en: "You have unsubscribed. You no longer get e-mails with news.",
    },
    limit: {
      nl: "U vroeg vandaag al te vaak om een code. Probeer het morgen opnieuw.",
      en: "You asked for a code too often today. Please try again tomorrow.",
    },
    already: {
      nl: "U bent al aangemeld. Wilt u een ander adres? Meld u eerst af.",
      en: "You have already signed up. Do you want another address? Unsubscribe first.",
    },
  },
  errors: {
    email: {
      nl: "Vul een goed e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
      en: "Enter a valid e-mail address, for example name@example.com.",
    },
    empty: { nl: "Vul de code uit de e-mail in.", en: "Enter the code from the e-mail." },
    wrong: {
      nl: "Deze code klopt niet. Kijk de code na en probeer het opnieuw.",
      en: "This code is not right. Check the code and try again.",
    },
    expired: {
      nl: "Deze code werkt niet meer. Vraag hieronder een nieuwe code aan.",
      en: "This code no longer works. Ask for a new code below.",
    },
    "too-many": {
      nl: "De code is te vaak fout ingevuld. Vraag hieronder een nieuwe code aan.",
      en: "The code was entered wrongly too often. Ask for a new code below.",
    },
    none: {
      nl: "Er is nog geen code verstuurd. Wacht een paar minuten, of vraag hieronder een code aan.",
      en: "No code has been sent yet. Wait a few minutes, or ask for a code below.",
    },
  },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  errorPrefix: { nl: "Fout", en: "Error" },
  pageTitle: { nl: "Afmelden voor nieuws per e-mail", en: "Unsubscribe from news by e-mail" },
  pageLead: {
    nl: "Wilt u geen e-mails met nieuws over dit datalek meer krijgen? Klik dan op Afmelden.",
    en: "Do you no longer want e-mails with news about this data breach? Then click Unsubscribe.",
  },
  pageDone: {
    nl: "U bent afgemeld. U krijgt van ons geen e-mails met nieuws over dit datalek meer. Al het nieuws blijft op de pagina over het datalek staan.",
    en: "You have unsubscribed. You will no longer get e-mails from us with news about this data breach. All news stays on the page about the data breach.",
  },
} as const;

type Notice = keyof typeof TEXT.notices;
export type SubscribeError = keyof typeof TEXT.errors;

const NOTICE_WORDS: Record<string, Notice> = {
  aangevraagd: "asked",
  bevestigd: "confirmed",
  afgemeld: "unsubscribed",
  limiet: "limit",
  al: "already",
};

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

function alert(kind: "ok" | "info" | "warning", text: string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${text}</p></div></div></div>`;
}

function field(
  language: Language,
  spec: {
    id: string;
    name: string;
    label: BilingualText;
    type: string;
    hint?: BilingualText;
    autocomplete: string;
  },
  error: string | null,
): SafeHtml {
  const described = [spec.hint ? `${spec.id}-hint` : "", error ? `${spec.id}-fout` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
${spec.hint ? html`<div class="utrecht-form-field__description" id="${spec.id}-hint"><p class="utrecht-paragraph">${t(spec.hint, language)}</p></div>` : ""}
${error ? html`<div class="utrecht-form-field-error-message" id="${spec.id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${error}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="${spec.id}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}" spellcheck="false" maxlength="320"${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}></div>
</div>`;
}

function button(language: Language, action: string, label: BilingualText, primary: boolean): SafeHtml {
  return html`<form class="utrecht-form" method="post" action="${localPath(`${PATH}/${action}`, language)}">
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--${primary ? "primary" : "secondary"}-action" type="submit">${t(label, language)}</button></p>
</form>`;
}

function emailForm(language: Language, error: string | null): SafeHtml {
  return html`<form class="utrecht-form" method="post" action="${localPath(`${PATH}/aanmelden`, language)}" novalidate>
${field(language, { id: "nieuwsmail-adres", name: "email", label: TEXT.emailLabel, type: "email", autocomplete: "email" }, error)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.subscribe, language)}</button></p>
</form>`;
}

function errorSummary(language: Language, href: string, text: string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h3 class="utrecht-heading-4">${t(TEXT.errorTitle, language)}</h3>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${href}">${text}</a></p></div></div></div>`;
}

/** The section for the plan page: the state (masked address), and the forms that state allows. */
export function subscribeSection(
  view: SubscriptionView,
  language: Language,
  shown: { notice?: Notice | null; error?: SubscribeError | null } = {},
): SafeHtml {
  const error = shown.error ? t(TEXT.errors[shown.error], language) : null;
  const emailError = shown.error === "email" ? error : null;
  const codeError = error && shown.error !== "email" ? error : null;
  const fill = (text: BilingualText, email: string) => t(text, language).replace("{email}", email);
  let state: SafeHtml;
  if (view.status === "confirmed")
    state = html`${alert("ok", fill(TEXT.subscribed, view.email))}${para(t(TEXT.unsubscribeLead, language))}
${button(language, "afmelden", TEXT.unsubscribe, false)}`;
  else if (view.status === "pending")
    state = html`${alert("info", fill(TEXT.waiting, view.email))}
<form class="utrecht-form" method="post" action="${localPath(`${PATH}/bevestigen`, language)}" novalidate>
${field(language, { id: "nieuwsmail-code", name: "bevestigcode", label: TEXT.codeLabel, type: "text", hint: TEXT.codeHint, autocomplete: "one-time-code" }, codeError)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.confirm, language)}</button></p>
</form>
${para(t(TEXT.again, language))}${emailForm(language, emailError)}
${button(language, "afmelden", TEXT.cancelPending, false)}`;
  else state = html`${para(t(TEXT.lead, language))}${emailForm(language, emailError)}`;
  const target = shown.error === "email" ? "#nieuwsmail-adres" : "#nieuwsmail-code";
  return html`<section class="lw-no-print" aria-labelledby="nieuwsmail"><h2 class="utrecht-heading-2" id="nieuwsmail" tabindex="-1">${t(TEXT.title, language)}</h2>
${error ? errorSummary(language, target, error) : ""}
${shown.notice ? alert(shown.notice === "limit" || shown.notice === "already" ? "warning" : "ok", t(TEXT.notices[shown.notice], language)) : ""}
${state}</section>`;
}

/** What the plan page shows after a redirect from one of these forms (a query word, never personal data). */
export function subscribeNotice(query: unknown): Notice | null {
  const word = ((query ?? {}) as Record<string, unknown>).nieuwsmail;
  return typeof word === "string" ? (NOTICE_WORDS[word] ?? null) : null;
}

/** The section for a plan page the plan routes render (the state read for the session's victim). */
export async function subscribeSectionFor(
  ctx: OperationContext,
  victimId: number,
  language: Language,
  query?: unknown,
): Promise<SafeHtml> {
  return subscribeSection(await subscriptionOf(ctx, victimId), language, { notice: subscribeNotice(query) });
}

export interface SubscribeRoutes {
  language: Language;
  home: string;
  send: (reply: FastifyReply, status: number, title: BilingualText | string, body: SafeHtml) => FastifyReply;
  redirect: (reply: FastifyReply, query?: string) => FastifyReply;
  refuse: (reply: FastifyReply) => FastifyReply;
  victimOf: (request: FastifyRequest) => Promise<number | undefined>;
}

type Body = { Body: Record<string, unknown> | undefined };

/** The plan's subscribe, confirm and unsubscribe forms, for one language. */
export function registerSubscribeRoutes(
  app: FastifyInstance,
  ctx: OperationContext,
  routes: SubscribeRoutes,
): void {
  const { language } = routes;
  const back = (reply: FastifyReply, word: string) =>
    routes.redirect(reply, `?nieuwsmail=${word}#nieuwsmail`);
  const withError = async (reply: FastifyReply, victimId: number, error: SubscribeError) => {
    const [view, subscription] = await Promise.all([
      myPlan(ctx, victimId, language),
      subscriptionOf(ctx, victimId),
    ]);
    const title = { nl: `Fout: Mijn plan`, en: `Error: My plan` };
    const section = subscribeSection(subscription, language, { error });
    return routes.send(reply, 400, title, planBody(view, language, { notice: null, subscribe: section }));
  };

  app.post<Body>(`${routes.home}/aanmelden`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const victimId = await routes.victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    const email = typeof request.body?.email === "string" ? request.body.email : "";
    const result = await subscribeToUpdates(ctx, victimId, { email, language });
    if (result === "invalid-email") return withError(reply, victimId, "email");
    return back(reply, result === "queued" ? "aangevraagd" : result === "subscribed" ? "al" : "limiet");
  });

  app.post<Body>(`${routes.home}/bevestigen`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const victimId = await routes.victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    const typed = typeof request.body?.bevestigcode === "string" ? request.body.bevestigcode : "";
    const result = await confirmUpdateSubscription(ctx, victimId, typed);
    if (result === "confirmed") return back(reply, "bevestigd");
    return withError(reply, victimId, result);
  });

  app.post(`${routes.home}/afmelden`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const victimId = await routes.victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    await unsubscribeFromUpdates(ctx, victimId);
    return back(reply, "afgemeld");
  });
}

const UNSUBSCRIBE = "/afmelden";

/**
 * `/afmelden/<token>` (and `/en/…`): GET shows one button, POST unsubscribes — a mail program's one-click
 * POST (`List-Unsubscribe=One-Click`) and the button alike. Known, unknown and used tokens get the same answer.
 */
export async function unsubscribeRoutes(
  app: FastifyInstance,
  options: { store: OperationContext },
): Promise<void> {
  for (const language of LANGUAGES) {
    const path = `${localPath(UNSUBSCRIBE, language)}/:token`;
    const answer = (reply: FastifyReply, token: string, body: SafeHtml) =>
      reply
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .type("text/html; charset=utf-8")
        .send(page({ language, path: `${UNSUBSCRIBE}/${token}`, title: TEXT.pageTitle, body }));
    app.get<{ Params: { token: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
      const token = request.params.token.slice(0, 100);
      return answer(
        reply,
        token,
        html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(TEXT.pageTitle, language)}</h1>${para(t(TEXT.pageLead, language))}
<form class="utrecht-form" method="post" action="${localPath(UNSUBSCRIBE, language)}/${token}">
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.unsubscribe, language)}</button></p>
</form></div>`,
      );
    });
    app.post<{ Params: { token: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
      const token = request.params.token.slice(0, 100);
      await unsubscribeByToken(options.store, token);
      return answer(
        reply,
        token,
        html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(TEXT.pageTitle, language)}</h1>${alert("ok", t(TEXT.pageDone, language))}</div>`,
      );
    });
  }
}
