/**
 * "Ben ik getroffen?" at /datalek/<slug>/getroffen: a person types an e-mail address or a Dutch mobile number
 * and the page says only "if you are in this breach's file a message with a new code comes to that address;
 * if not, a short confirmation". The real answer travels only to the address (operations/affected-check.ts
 * stores the question, operations/affected-answer.ts answers it), so the page's status, body, headers, size
 * and timing are the same for people in the file and for anyone else. Limits per network and overall (here,
 * in memory like /echt) and per address (in the database) change only whether a message goes out, never the
 * page. Cross-site posts are refused; answers are never cached; the address is never in a URL or a log line.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type AffectedCheckLimits,
  askAffected,
  publicBreach,
  readAddress,
  smsAvailable,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { SharedBucketStore } from "../rate-limit.ts";
import { TEXT } from "./affected-check-text.ts";
import { crossSite, networkOf } from "./verify-message.ts";

/** The question's limits (per address, SMS budget: operations) and the door's (per network, overall). */
export interface AffectedPageLimits extends AffectedCheckLimits {
  perNetwork: { max: number; windowMs: number };
  overall: { max: number; windowMs: number };
}

export const AFFECTED_PAGE_LIMITS: Pick<AffectedPageLimits, "perNetwork" | "overall"> = {
  perNetwork: { max: 20, windowMs: 60 * 60_000 },
  overall: { max: 600, windowMs: 60_000 },
};

export interface AffectedCheckOptions {
  store: { db: Executor; keys: Keyring };
  /** Whether this installation has an SMS gateway; without one the page asks for an e-mail address. */
  smsEnabled: boolean;
  limits?: Partial<AffectedPageLimits>;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

type Breach = NonNullable<Awaited<ReturnType<typeof publicBreach>>>;
type Problem = "empty" | "not-an-address" | "not-mobile" | "sms-unavailable";

const pathOf = (slug: string) => `/datalek/${slug}/getroffen`;

function breachLink(breach: Breach, language: Language): SafeHtml {
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`/datalek/${breach.slug}`, language)}">${t(TEXT.back, language)}</a></p>`;
}

function field(language: Language, problem: Problem | undefined, smsToday: boolean): SafeHtml {
  const error = problem !== undefined && problem !== "sms-unavailable";
  const describedBy = error ? "adres-fout adres-hint" : "adres-hint";
  const hint = smsToday ? TEXT.hint : TEXT.hintNoSms;
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="adres">${t(TEXT.label, language)}</label></div>
<div class="utrecht-form-field__description" id="adres-hint"><p class="utrecht-paragraph">${t(hint, language)}</p></div>
${error ? html`<div class="utrecht-form-field-error-message" id="adres-fout"><p class="utrecht-paragraph">${t(TEXT.problems[problem], language)}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="adres" name="adres" type="text" autocomplete="email" spellcheck="false" maxlength="254" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ""}></div>
</div>`;
}

function summary(language: Language, problem: Problem | undefined): SafeHtml {
  if (problem === undefined) return html``;
  if (problem === "sms-unavailable")
    return html`<section class="utrecht-alert utrecht-alert--warning" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.noSmsTitle, language)}</h2>
<p class="utrecht-paragraph"><a class="utrecht-link" href="#adres">${t(TEXT.problems["sms-unavailable"], language)}</a></p>
</div></div></section>`;
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list"><li><a class="utrecht-link" href="#adres">${t(TEXT.problems[problem], language)}</a></li></ul>
</div></div></section>`;
}

function formBody(breach: Breach, language: Language, problem: Problem | undefined, smsToday: boolean) {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${summary(language, problem)}
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.breach, language).replace("{organisation}", breach.organisationName).replace("{title}", breach.title)}</p>
<p class="utrecht-paragraph">${t(TEXT.lead, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.onlyThere, language)}</p>
<form class="utrecht-form" method="post" action="${localPath(pathOf(breach.slug), language)}" novalidate>
${field(language, problem, smsToday)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>
</form>
<p class="utrecht-paragraph">${t(TEXT.stored, language)}</p>
${breachLink(breach, language)}
</div>`;
}

/** The one answer everybody gets, whether in the file or not, whether a limit stopped the message or not. */
function sentBody(breach: Breach, language: Language, channel: "email" | "sms"): SafeHtml {
  const words = TEXT.sent[channel];
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(words.title, language)}</h1>
<div class="utrecht-alert utrecht-alert--ok" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${t(TEXT.received, language)}</p>
</div></div></div>
<p class="utrecht-paragraph">${t(words.inFile, language)}</p>
<p class="utrecht-paragraph">${t(words.notInFile, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.onlyThere, language)}</p>
<h2 class="utrecht-heading-2">${t(TEXT.nothingTitle, language)}</h2>
<p class="utrecht-paragraph">${t(words.nothing, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.links, language)}</p>
${breachLink(breach, language)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(pathOf(breach.slug), language)}">${t(TEXT.again, language)}</a></p>
</div>`;
}

type Take = (key: string, limit: { max: number; windowMs: number }) => boolean;

/** Fixed-window counters in this process's memory (as /echt): true when over the limit. */
function limiter(): Take {
  const buckets = new SharedBucketStore();
  return (key, limit) => {
    let over = false;
    buckets.incr(key, (_error, result) => (over = result.current > limit.max), limit.windowMs);
    return over;
  };
}

interface Answer {
  status: number;
  title: BilingualText;
  body: SafeHtml;
}

interface Door {
  ctx: AffectedCheckOptions["store"];
  smsEnabled: boolean;
  limits: Partial<AffectedCheckLimits> & Pick<AffectedPageLimits, "perNetwork" | "overall">;
  overLimit(request: FastifyRequest): boolean;
}

async function formAgain(door: Door, breach: Breach, language: Language, status: number, problem: Problem) {
  const smsToday = await smsAvailable(door.ctx, breach.id, door.smsEnabled, door.limits);
  const title = { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` };
  return { status, title, body: formBody(breach, language, problem, smsToday) };
}

/**
 * A question posted: refused when another site made it, the form again when the input is no address (or no
 * text can go out today, the same for everyone), else the one answer — after storing the question when no
 * limit stopped it. Nothing here depends on whether the address is in the breach's file.
 */
async function answerPost(
  door: Door,
  request: FastifyRequest<{ Body: Record<string, unknown> | undefined }>,
  breach: Breach,
  language: Language,
): Promise<Answer> {
  if (crossSite(request)) {
    const body = html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(TEXT.refusedTitle, language)}</h1>
<p class="utrecht-paragraph">${t(TEXT.refused, language)}</p>${breachLink(breach, language)}</div>`;
    return { status: 403, title: TEXT.refusedTitle, body };
  }
  const typed = typeof request.body?.adres === "string" ? request.body.adres.slice(0, 300) : "";
  const read = readAddress(typed);
  if (!read.ok) return formAgain(door, breach, language, 400, read.problem);
  if (read.channel === "sms" && !(await smsAvailable(door.ctx, breach.id, door.smsEnabled, door.limits)))
    return formAgain(door, breach, language, 200, "sms-unavailable");
  if (!door.overLimit(request)) {
    const asked = await askAffected(door.ctx, {
      breachId: breach.id,
      channel: read.channel,
      address: read.address,
      language,
      smsEnabled: door.smsEnabled,
      limits: door.limits,
    });
    if (asked === "sms-unavailable") return formAgain(door, breach, language, 200, "sms-unavailable");
  }
  return {
    status: 200,
    title: TEXT.sent[read.channel].title,
    body: sentBody(breach, language, read.channel),
  };
}

export async function affectedCheckRoutes(
  app: FastifyInstance,
  options: AffectedCheckOptions,
): Promise<void> {
  const limits = { ...AFFECTED_PAGE_LIMITS, ...options.limits };
  const take = limiter();
  const door: Door = {
    ctx: options.store,
    smsEnabled: options.smsEnabled,
    limits,
    overLimit: (request) =>
      take("all", limits.overall) || take(`net:${networkOf(request.ip)}`, limits.perNetwork),
  };
  const send = (reply: FastifyReply, language: Language, breach: Breach, answer: Answer) =>
    reply
      .code(answer.status)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(page({ language, path: pathOf(breach.slug), title: answer.title, body: answer.body }));
  const breachOf = async (slug: string) => (SLUG.test(slug) ? publicBreach(door.ctx, slug) : undefined);

  for (const language of LANGUAGES) {
    const route = localPath("/datalek/:slug/getroffen", language);
    app.get<{ Params: { slug: string } }>(route, { schema: { hide: true } }, async (request, reply) => {
      const breach = await breachOf(request.params.slug);
      if (!breach) return reply.callNotFound();
      const smsToday = await smsAvailable(door.ctx, breach.id, door.smsEnabled, limits);
      const body = formBody(breach, language, undefined, smsToday);
      return send(reply, language, breach, { status: 200, title: TEXT.title, body });
    });
    app.post<{ Params: { slug: string }; Body: Record<string, unknown> | undefined }>(
      route,
      { schema: { hide: true } },
      async (request, reply) => {
        const breach = await breachOf(request.params.slug);
        if (!breach) return reply.callNotFound();
        return send(reply, language, breach, await answerPost(door, request, breach, language));
      },
    );
  }
}
