/** The home page: what Lekwijzer is and where each kind of visitor goes next. */
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";

const TEXT = {
  title: { nl: "Hulp na een datalek", en: "Help after a data breach" },
  lead: {
    nl: "Zijn uw gegevens gelekt bij een bedrijf of organisatie? Hier leest u wat dat voor u betekent. En wat u zelf kunt doen.",
    en: "Has a company or organisation leaked your personal data? Here you can read what that means for you, and what you can do yourself.",
  },
  cards: [
    {
      path: "/wat-kunt-u-doen",
      title: { nl: "Wat kunt u doen na een datalek?", en: "What can you do after a data breach?" },
      text: {
        nl: "Kies welke gegevens van u gelekt zijn. U krijgt dan een lijst met stappen, de belangrijkste eerst.",
        en: "Choose which information about you was leaked. You then get a list of steps, the most important first.",
      },
    },
    {
      path: "/hulp",
      title: { nl: "Hulp en contact", en: "Help and contact" },
      text: {
        nl: "Bent u opgelicht, of maakt u zich zorgen? Deze organisaties helpen u. Meestal is de hulp gratis.",
        en: "Have you been defrauded, or are you worried? These organisations can help you. Help is usually free.",
      },
    },
    {
      path: "/echt",
      title: { nl: "Is dit bericht echt?", en: "Is this message genuine?" },
      text: {
        nl: "Kreeg u een brief, e-mail of sms over een datalek? Vul de controlecode uit het bericht in. Dan ziet u of het echt is.",
        en: "Did you get a letter, e-mail or text about a data breach? Enter the verification code from the message to see whether it is genuine.",
      },
    },
    {
      path: "/datalekken",
      title: { nl: "Register van grote datalekken", en: "Register of large data breaches" },
      text: {
        nl: "Welke organisaties hadden een groot datalek? Zie wanneer het gebeurde en welke gegevens zijn gelekt.",
        en: "Which organisations had a large data breach? See when it happened and which data leaked.",
      },
    },
    {
      path: "/handelingskader",
      title: { nl: "Voor organisaties", en: "For organisations" },
      text: {
        nl: "Heeft uw organisatie een groot datalek? Lees wat u slachtoffers moet vertellen, met voorbeeldteksten.",
        en: "Has your organisation had a large data breach? Read what you must tell the victims, with template texts.",
      },
      // Staff of an organisation (and the regulator) log in to the console from here.
      link: {
        path: "/console/inloggen",
        text: { nl: "Inloggen voor organisaties", en: "Log in for organisations" },
      },
    },
  ],
  trust: {
    heading: {
      nl: "Kreeg u een bericht over een datalek?",
      en: "Did you get a message about a data breach?",
    },
    text: {
      nl: "Criminelen sturen na een datalek vaak nepberichten. Klik niet op links in een bericht. Ga zelf naar de website van de organisatie, of bel het nummer dat u al kent. Een echte organisatie vraagt nooit om uw wachtwoord of om geld.",
      en: "After a data breach, criminals often send fake messages. Do not click links in a message. Go to the organisation's website yourself, or call the number you already know. A real organisation never asks for your password or for money.",
    },
    check: {
      nl: "Kijk ook naar de afzender: het deel na het @-teken moet het webadres van de organisatie zijn. Staat er een controlecode in het bericht? Vul die code hierboven in, bij „Is dit bericht echt?”. Klik niet op een link in het bericht zelf. Berichten over een schadevergoeding of een claim kunnen ook nep zijn.",
      en: "Also look at the sender: the part after the @ sign must be the organisation's web address. Is there a verification code in the message? Enter that code above, under “Is this message genuine?”. Do not click a link in the message itself. Messages about compensation or a claim can be fake too.",
    },
  },
} satisfies Record<string, unknown>;

function homeBody(language: Language) {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
</div>
<div class="lw-cards">
${TEXT.cards.map(
  (card) => html`<section class="lw-card" aria-labelledby="${card.path.slice(1)}">
<h2 class="utrecht-heading-3" id="${card.path.slice(1)}"><a class="utrecht-link" href="${localPath(card.path, language)}">${t(card.title, language)}</a></h2>
<p class="utrecht-paragraph">${t(card.text as BilingualText, language)}</p>
${"link" in card && card.link ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(card.link.path, language)}">${t(card.link.text, language)}</a></p>` : ""}
</section>`,
)}
</div>
<div class="utrecht-alert utrecht-alert--warning lw-prose" role="note">
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3">${t(TEXT.trust.heading, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.trust.text, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.trust.check, language)}</p>
</div></div>
</div>`;
}

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  for (const language of LANGUAGES) {
    app.get(localPath("/", language), { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .send(page({ language, path: "/", title: TEXT.title, body: homeBody(language) })),
    );
  }
}
