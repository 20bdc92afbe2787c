/** The help directory: who helps with what after a data breach, and how to reach them. */
import type { FastifyInstance } from "fastify";
import { formatDate } from "../../core/index.ts";
import { HELP_ORGANISATIONS, type HelpOrganisation } from "../../framework/index.ts";
import { phoneLink, withPhoneLinks } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import { LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";

const TEXT = {
  title: { nl: "Hulp en contact", en: "Help and contact" },
  lead: {
    nl: "Deze organisaties helpen u na een datalek. Bijvoorbeeld als iemand uw gegevens misbruikt. Of als u zich zorgen maakt. Bel of kijk op hun website.",
    en: "These organisations help you after a data breach. For example when someone misuses your data, or when you are worried. Call them or visit their website.",
  },
  helpsWith: { nl: "Helpt met", en: "Helps with" },
  contact: { nl: "Contact", en: "Contact" },
  hours: { nl: "Bereikbaar", en: "Open" },
  checked: { nl: "Gegevens gecontroleerd op", en: "Details checked on" },
  phone: { nl: "Bel", en: "Call" },
  urgent: {
    nl: "Bent u in direct gevaar? Bel 112. Bent u opgelicht en wilt u aangifte doen? Bel de politie op 0900-8844.",
    en: "Are you in immediate danger? Call 112. Have you been defrauded and want to report it? Call the police on 0900-8844.",
  },
  source: { nl: "Bron", en: "Source" },
  verify: {
    nl: "Twijfelt u of een bericht over een datalek echt is? Vul de controlecode uit het bericht in op",
    en: "Not sure whether a message about a data breach is genuine? Enter the verification code from the message on",
  },
  verifyLink: { nl: "Is dit bericht echt?", en: "Is this message genuine?" },
};

export function contactList(organisation: HelpOrganisation, language: Language): SafeHtml {
  return html`<ul class="utrecht-unordered-list">
${organisation.contact.map((route) => {
  const noteText = route.note ? t(route.note, language) : "";
  const note = noteText ? html` (${noteText.charAt(0).toLowerCase()}${noteText.slice(1)})` : "";
  if (route.kind === "phone" && /\d{3}/.test(route.value)) {
    return html`<li>${t(TEXT.phone, language)}: ${phoneLink(route.value)}${note}</li>`;
  }
  if (route.kind === "web" || route.kind === "form") {
    return html`<li><a class="utrecht-link" href="${route.value}" rel="noopener">${route.value.replace(/^https?:\/\//, "")}</a>${note}</li>`;
  }
  if (route.kind === "post" && route.note) return html`<li>${t(route.note, language)}: ${route.value}</li>`;
  return html`<li>${route.value}${note}</li>`;
})}
</ul>`;
}

function organisationSection(organisation: HelpOrganisation, language: Language): SafeHtml {
  return html`<section class="lw-card" aria-labelledby="hulp-${organisation.id}">
<h2 class="utrecht-heading-3" id="hulp-${organisation.id}">${t(organisation.name, language)}</h2>
<p class="utrecht-paragraph">${t(organisation.helpsWith, language)}</p>
${contactList(organisation, language)}
${organisation.openingHours ? html`<p class="utrecht-paragraph">${t(TEXT.hours, language)}: ${t(organisation.openingHours, language)}</p>` : ""}
<p class="utrecht-paragraph utrecht-paragraph--small">${t(TEXT.checked, language)} ${formatDate(organisation.checkedAt, language)}.</p>
</section>`;
}

export async function helpRoutes(app: FastifyInstance): Promise<void> {
  for (const language of LANGUAGES) {
    app.get(localPath("/hulp", language), { schema: { hide: true } }, async (_request, reply) => {
      const body = html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<div class="utrecht-alert utrecht-alert--warning" role="note"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${withPhoneLinks(t(TEXT.urgent, language))}</p>
</div></div></div>
<p class="utrecht-paragraph">${t(TEXT.verify, language)} <a class="utrecht-link" href="${localPath("/echt", language)}">${t(TEXT.verifyLink, language)}</a></p>
</div>
<div class="lw-cards">${HELP_ORGANISATIONS.map((organisation) => organisationSection(organisation, language))}</div>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ language, path: "/hulp", title: TEXT.title, body }));
    });
  }
}
