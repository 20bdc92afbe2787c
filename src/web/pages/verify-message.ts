/**
 * "Is dit bericht echt?": a person types the verification code from a letter, e-mail or text and learns
 * whether Lekwijzer sent it (when, how, from which organisation, to which masked address) or that it is
 * probably phishing. The code travels only in a POST body, answers are never cached, cross-site posts are
 * refused, and look-ups are limited per code, per network and overall so codes cannot be guessed in bulk.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formatDate, normaliseCode } from "../../core/index.ts";
import { checkMessage, type GenuineMessage, type MessageCheck } from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { guessBudget } from "../guess-budget.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { SharedBucketStore } from "../rate-limit.ts";

const PATH = "/echt";

export interface VerifyLimits {
  perCode: { max: number; windowMs: number };
  perNetwork: { max: number; windowMs: number };
  overall: { max: number; windowMs: number };
  /** Look-ups that found nothing, across all server processes (guess-budget.ts); default `perNetwork`. */
  missesPerNetwork?: { max: number; windowMs: number };
  /** The same overall; default `overall`. */
  missesOverall?: { max: number; windowMs: number };
}

/** The budgets of look-ups that find nothing, shared by every process: the miss limits, else the plain ones. */
export function missLimits(limits: VerifyLimits) {
  return {
    perNetwork: limits.missesPerNetwork ?? limits.perNetwork,
    overall: limits.missesOverall ?? limits.overall,
  };
}

export const VERIFY_LIMITS: VerifyLimits = {
  perCode: { max: 10, windowMs: 60 * 60_000 },
  perNetwork: { max: 30, windowMs: 10 * 60_000 },
  overall: { max: 6_000, windowMs: 60_000 },
};

export interface VerifyMessageOptions {
  store: { db: Executor; keys: Keyring };
  limits?: Partial<VerifyLimits>;
}

const TEXT = {
  title: { nl: "Is dit bericht echt?", en: "Is this message genuine?" },
  lead: {
    nl: "Kreeg u een brief, e-mail of sms over een datalek? In elk echt bericht staat een controlecode. Typ die code hieronder. Dan ziet u of het bericht echt van ons komt.",
    en: "Did you get a letter, e-mail or text about a data breach? Every genuine message has a verification code. Type that code below. You will then see whether the message really came from us.",
  },
  label: { nl: "Controlecode", en: "Verification code" },
  hint: {
    nl: "16 tekens, bijvoorbeeld K7QX-M3PA-9RTW-XH4C. Hoofdletters, spaties en streepjes maken niet uit.",
    en: "16 characters, for example K7QX-M3PA-9RTW-XH4C. Capitals, spaces and dashes do not matter.",
  },
  submit: { nl: "Controleer de code", en: "Check the code" },
  privacy: {
    nl: "Wij bewaren de code niet en schrijven hem nergens op.",
    en: "We do not keep the code and do not write it down anywhere.",
  },
  empty: {
    nl: "Vul de controlecode uit het bericht in.",
    en: "Enter the verification code from the message.",
  },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  genuineTitle: { nl: "Dit bericht is echt", en: "This message is genuine" },
  genuineLead: {
    nl: "Wij kennen deze code. Het bericht met deze code is verstuurd via Lekwijzer.",
    en: "We know this code. The message with this code was sent through Lekwijzer.",
  },
  sentAt: { nl: "Verstuurd op", en: "Sent on" },
  channel: { nl: "Verstuurd als", en: "Sent as" },
  organisation: { nl: "Namens", en: "On behalf of" },
  to: { nl: "Verstuurd naar", en: "Sent to" },
  about: { nl: "Over", en: "About" },
  unknownAddress: { nl: "niet meer bekend", en: "no longer known" },
  channels: {
    email: { nl: "e-mail", en: "e-mail" },
    sms: { nl: "sms", en: "text message (SMS)" },
    letter: { nl: "brief", en: "letter" },
  } satisfies Record<string, BilingualText>,
  genuineNext: {
    nl: "Wat doet u nu? Lees het bericht rustig. Klopt het adres hierboven niet met uw adres? Of vraagt het bericht om geld of een wachtwoord? Bel dan de organisatie via een nummer dat u al kent.",
    en: "What do you do now? Read the message calmly. Does the address above not match yours? Or does the message ask for money or a password? Then call the organisation on a number you already know.",
  },
  unknownTitle: { nl: "Wij kennen deze code niet", en: "We do not know this code" },
  unknownLead: {
    nl: "Het bericht is waarschijnlijk nep (phishing). Criminelen sturen na een datalek vaak nepberichten.",
    en: "The message is probably fake (phishing). After a data breach, criminals often send fake messages.",
  },
  typo: {
    nl: "Misschien is er een tikfout gemaakt. Kijk de code nog eens goed na en probeer het opnieuw.",
    en: "Perhaps there is a typing error. Check the code carefully and try again.",
  },
  whatToDo: { nl: "Wat doet u nu?", en: "What do you do now?" },
  steps: [
    { nl: "Klik niet op links in het bericht.", en: "Do not click links in the message." },
    {
      nl: "Betaal niets en geef geen codes of wachtwoorden.",
      en: "Do not pay anything and do not give codes or passwords.",
    },
    {
      nl: "Meld het bericht bij de Fraudehelpdesk. Hoe dat gaat, leest u bij Hulp en contact.",
      en: "Report the message to the Fraudehelpdesk (the Dutch fraud help desk). Help and contact tells you how.",
    },
    {
      nl: "Twijfelt u? Neem contact op met de organisatie via een telefoonnummer dat u al kent. Gebruik niet het nummer uit het bericht.",
      en: "In doubt? Contact the organisation on a phone number you already know. Do not use the number in the message.",
    },
  ] satisfies BilingualText[],
  help: { nl: "Hulp nodig? Kijk bij Hulp en contact.", en: "Need help? See Help and contact." },
  again: { nl: "Controleer een andere code", en: "Check another code" },
  tooManyTitle: { nl: "Even wachten", en: "Please wait" },
  tooMany: {
    nl: "Er zijn te veel codes gecontroleerd. Probeer het over {minutes} minuten opnieuw.",
    en: "Too many codes have been checked. Please try again in {minutes} minutes.",
  },
  refusedTitle: { nl: "Niet verstuurd", en: "Not sent" },
  refused: {
    nl: "Dit formulier kwam van een andere website. Open deze pagina zelf en vul de code hier in.",
    en: "This form came from another website. Open this page yourself and enter the code here.",
  },
} as const;

function form(language: Language, error: boolean): SafeHtml {
  const describedBy = error ? "code-fout code-hint" : "code-hint";
  return html`<form class="utrecht-form" method="post" action="${localPath(PATH, language)}" novalidate>
<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="code">${t(TEXT.label, language)}</label></div>
<div class="utrecht-form-field__description" id="code-hint"><p class="utrecht-paragraph">${t(TEXT.hint, language)}</p></div>
${error ? html`<div class="utrecht-form-field-error-message" id="code-fout"><p class="utrecht-paragraph">${t(TEXT.empty, language)}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ""}></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>
</form>`;
}

function formBody(language: Language, error: boolean): SafeHtml {
  const summary = error
    ? html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list"><li><a class="utrecht-link" href="#code">${t(TEXT.empty, language)}</a></li></ul>
</div></div></section>`
    : "";
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${summary}
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
${form(language, error)}
<p class="utrecht-paragraph">${t(TEXT.privacy, language)}</p>
</div>`;
}

function detail(label: BilingualText, value: string, language: Language): SafeHtml {
  return html`<li><strong>${t(label, language)}:</strong> ${value}</li>`;
}

function genuineBody(message: GenuineMessage, language: Language): SafeHtml {
  const sent = message.sentAt ? formatDate(message.sentAt.toISOString(), language) : "";
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.genuineTitle, language)}</h1>
<div class="utrecht-alert utrecht-alert--ok" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${t(TEXT.genuineLead, language)}</p>
</div></div></div>
<ul class="utrecht-unordered-list">
${sent ? detail(TEXT.sentAt, sent, language) : ""}
${message.channel ? detail(TEXT.channel, t(TEXT.channels[message.channel], language), language) : ""}
${detail(TEXT.organisation, message.organisationName, language)}
${detail(TEXT.to, message.maskedAddress ?? t(TEXT.unknownAddress, language), language)}
${detail(TEXT.about, t(message.about, language), language)}
</ul>
<p class="utrecht-paragraph">${t(TEXT.genuineNext, language)}</p>
${helpLinks(language)}
</div>`;
}

function helpLinks(language: Language): SafeHtml {
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath("/hulp", language)}">${t(TEXT.help, language)}</a></p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATH, language)}">${t(TEXT.again, language)}</a></p>`;
}

function unknownBody(typo: boolean, language: Language): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.unknownTitle, language)}</h1>
<div class="utrecht-alert utrecht-alert--warning" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${t(TEXT.unknownLead, language)}</p>
${typo ? html`<p class="utrecht-paragraph">${t(TEXT.typo, language)}</p>` : ""}
</div></div></div>
<h2 class="utrecht-heading-2">${t(TEXT.whatToDo, language)}</h2>
<ol class="utrecht-ordered-list">${TEXT.steps.map((step) => html`<li>${t(step, language)}</li>`)}</ol>
${helpLinks(language)}
</div>`;
}

function messageBody(check: MessageCheck, language: Language): SafeHtml {
  return check.found ? genuineBody(check.message, language) : unknownBody(check.typo, language);
}

/** A browser says where a form came from: refuse a post another site made (CSRF). */
export function crossSite(request: FastifyRequest): boolean {
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site !== "same-origin" && site !== "none";
  const origin = request.headers.origin;
  if (typeof origin !== "string" || origin === "") return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** The client's network: IPv4 per /24, IPv6 per /64, so one household or host counts once. */
export function networkOf(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.0/24`;
  return `${ip.split(":").slice(0, 4).join(":")}::/64`;
}

/** A short one-way name for a code, so the limiter's memory holds no code. */
export function codeKey(typed: string): string {
  const normalised = normaliseCode(typed);
  const canonical = normalised.ok ? normalised.code : typed.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 22);
}

export type Take = (key: string, limit: { max: number; windowMs: number }) => number | null;

/**
 * Fixed-window counters in this process's memory (the shared store of rate-limit.ts), for every look-up; the
 * look-ups that find nothing are counted across processes as well (guess-budget.ts). Returns the milliseconds
 * to wait when over a limit, else null.
 */
export function limiter(): Take {
  const buckets = new SharedBucketStore();
  return (key, limit) => {
    let wait: number | null = null;
    buckets.incr(
      key,
      (_error, result) => {
        if (result.current > limit.max) wait = result.ttl;
      },
      limit.windowMs,
    );
    return wait;
  };
}

export async function verifyMessageRoutes(
  app: FastifyInstance,
  options: VerifyMessageOptions,
): Promise<void> {
  const limits: VerifyLimits = { ...VERIFY_LIMITS, ...options.limits };
  const take = limiter();
  const misses = guessBudget(options.store, "echt", missLimits(limits));
  const overLimit = (request: FastifyRequest, typed: string): number | null =>
    misses.blockedFor(networkOf(request.ip)) ??
    take("all", limits.overall) ??
    take(`net:${networkOf(request.ip)}`, limits.perNetwork) ??
    take(`code:${codeKey(typed)}`, limits.perCode);

  for (const language of LANGUAGES) {
    const send = (reply: FastifyReply, status: number, title: BilingualText, body: SafeHtml) =>
      reply
        .code(status)
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(page({ language, path: PATH, title, body }));

    app.get(localPath(PATH, language), { schema: { hide: true } }, async (_request, reply) =>
      send(reply, 200, TEXT.title, formBody(language, false)),
    );

    app.post<{ Body: Record<string, unknown> | undefined }>(
      localPath(PATH, language),
      { schema: { hide: true } },
      async (request, reply) => {
        if (crossSite(request)) {
          const body = html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(TEXT.refusedTitle, language)}</h1>
<p class="utrecht-paragraph">${t(TEXT.refused, language)}</p>${helpLinks(language)}</div>`;
          return send(reply, 403, TEXT.refusedTitle, body);
        }
        const typed = typeof request.body?.code === "string" ? request.body.code.slice(0, 100) : "";
        if (typed.trim() === "") {
          return send(
            reply,
            400,
            { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` },
            formBody(language, true),
          );
        }
        const wait = overLimit(request, typed);
        if (wait !== null) {
          const minutes = String(Math.max(1, Math.ceil(wait / 60_000)));
          const body = html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(TEXT.tooManyTitle, language)}</h1>
<p class="utrecht-paragraph">${t(TEXT.tooMany, language).replace("{minutes}", minutes)}</p>${helpLinks(language)}</div>`;
          reply.header("retry-after", String(Math.ceil(wait / 1000)));
          return send(reply, 429, TEXT.tooManyTitle, body);
        }
        const check = await checkMessage(options.store, typed);
        // This answer is given; a spent budget refuses the network's next look-ups (see guess-budget.ts).
        if (!check.found && !check.typo) await misses.chargeMiss(networkOf(request.ip));
        const title = check.found ? TEXT.genuineTitle : TEXT.unknownTitle;
        return send(reply, 200, title, messageBody(check, language));
      },
    );
  }
}
