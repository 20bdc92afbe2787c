/**
 * The accessibility statement (`/toegankelijkheid`, `/en/toegankelijkheid`): which standard the portal aims
 * at, how that is tested, what does not work well yet, and how to report a problem. Linked from every page's
 * footer. The claims here are the ones the browser tests check (test/*.browser.test.ts): keep them in step.
 */
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { type BilingualText, LANGUAGES, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";

const TEXT = {
  title: { nl: "Toegankelijkheid", en: "Accessibility" },
  description: {
    nl: "Hoe Lekwijzer werkt voor iedereen, ook met een schermlezer of alleen een toetsenbord. En hoe u een probleem meldt.",
    en: "How Lekwijzer works for everyone, also with a screen reader or only a keyboard. And how to report a problem.",
  },
  lead: {
    nl: "Iedereen moet Lekwijzer kunnen gebruiken. Ook als u slecht ziet, een schermlezer gebruikt of geen muis gebruikt.",
    en: "Everyone must be able to use Lekwijzer. Also if you do not see well, use a screen reader or do not use a mouse.",
  },
  standardTitle: { nl: "Aan welke regels houden wij ons?", en: "Which rules do we follow?" },
  standard: {
    nl: "Wij houden ons aan de regels van WCAG 2.1, niveau AA. Dat is de Europese norm EN 301 549. De overheid vraagt dit ook van haar eigen websites.",
    en: "We follow the rules of WCAG 2.1, level AA. That is the European standard EN 301 549. The Dutch government asks the same of its own websites.",
  },
  testTitle: { nl: "Hoe testen wij dit?", en: "How do we test this?" },
  tests: [
    {
      nl: "Bij elke wijziging testen computers elke pagina met axe-core en HTML_CodeSniffer. Die zoeken fouten tegen WCAG 2.1 AA.",
      en: "With every change, computers test every page with axe-core and HTML_CodeSniffer. These look for errors against WCAG 2.1 AA.",
    },
    {
      nl: "Wij testen elke pagina op een smal scherm van 320 pixels, zoals een kleine telefoon, en met grotere afstand tussen letters en regels.",
      en: "We test every page on a narrow screen of 320 pixels, like a small phone, and with more space between letters and lines.",
    },
    {
      nl: "Wij lopen elke pagina door met alleen het toetsenbord. U ziet steeds waar u bent.",
      en: "We go through every page with only the keyboard. You always see where you are.",
    },
    {
      nl: "Alles werkt ook zonder JavaScript.",
      en: "Everything also works without JavaScript.",
    },
    {
      nl: "Wij schrijven in eenvoudige taal (taalniveau B1). Een computer controleert de teksten daarop.",
      en: "We write in plain language (level B1). A computer checks the texts for this.",
    },
  ] satisfies BilingualText[],
  limitsTitle: { nl: "Wat werkt nog niet goed?", en: "What does not work well yet?" },
  limits: [
    {
      nl: "Mensen met een beperking hebben de pagina's nog niet zelf getest. Dat willen wij nog doen.",
      en: "People with disabilities have not tested the pages themselves yet. We still want to do that.",
    },
    {
      nl: "Teksten die een organisatie zelf schrijft, zoals nieuws over een datalek, zijn niet altijd eenvoudig. Wij waarschuwen de organisatie als een tekst moeilijk is.",
      en: "Texts an organisation writes itself, such as news about a breach, are not always plain. We warn the organisation when a text is hard to read.",
    },
    {
      nl: "De pagina's zijn er in het Nederlands en het Engels. Andere talen hebben wij nog niet.",
      en: "The pages are in Dutch and English. We do not have other languages yet.",
    },
  ] satisfies BilingualText[],
  reportTitle: { nl: "Een probleem melden", en: "Report a problem" },
  report: {
    nl: "Lukt iets niet? Of is iets moeilijk te lezen? Laat het ons weten. Schrijf op welke pagina het was en wat er misging. Wij antwoorden binnen 5 werkdagen.",
    en: "Does something not work? Or is something hard to read? Let us know. Write which page it was and what went wrong. We answer within 5 working days.",
  },
  mail: { nl: "Mail naar", en: "E-mail" },
  helpLink: {
    nl: "Hulp nodig na een datalek? Kijk bij Hulp en contact.",
    en: "Need help after a data breach? See Help and contact.",
  },
} as const;

export interface AccessibilityOptions {
  /** Where people report a problem: the operator's address (`mailto:…`). */
  contact: string;
}

export async function accessibilityRoutes(
  app: FastifyInstance,
  options: AccessibilityOptions,
): Promise<void> {
  const address = options.contact.replace(/^mailto:/, "");
  for (const language of LANGUAGES) {
    app.get(localPath("/toegankelijkheid", language), { schema: { hide: true } }, async (_request, reply) => {
      const body = html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<h2 class="utrecht-heading-2">${t(TEXT.standardTitle, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.standard, language)}</p>
<h2 class="utrecht-heading-2">${t(TEXT.testTitle, language)}</h2>
<ul class="utrecht-unordered-list">${TEXT.tests.map((line) => html`<li>${t(line, language)}</li>`)}</ul>
<h2 class="utrecht-heading-2">${t(TEXT.limitsTitle, language)}</h2>
<ul class="utrecht-unordered-list">${TEXT.limits.map((line) => html`<li>${t(line, language)}</li>`)}</ul>
<h2 class="utrecht-heading-2">${t(TEXT.reportTitle, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.report, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.mail, language)} <a class="utrecht-link" href="mailto:${address}">${address}</a>.</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath("/hulp", language)}">${t(TEXT.helpLink, language)}</a></p>
</div>`;
      return reply.type("text/html; charset=utf-8").send(
        page({
          language,
          path: "/toegankelijkheid",
          title: TEXT.title,
          description: TEXT.description,
          body,
        }),
      );
    });
  }
}
