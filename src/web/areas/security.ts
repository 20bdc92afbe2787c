/**
 * Where security researchers report a weakness: `/.well-known/security.txt` (RFC 9116) and the disclosure
 * policy page it points to. The platform holds lists of victims, so a clear, safe way to report matters.
 */
import type { FastifyInstance } from "fastify";
import { html } from "../html.ts";
import { type BilingualText, LANGUAGES, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";

export interface SecurityContact {
  /** `mailto:` or `https:` URI where reports go. */
  contact: string;
  publicUrl: string;
}

/** RFC 9116 asks for an expiry under a year; the file is generated, so it is renewed with every start. */
const EXPIRES_AFTER_DAYS = 180;

const TITLE: BilingualText = { nl: "Een zwakke plek melden", en: "Report a security weakness" };

const POLICY = {
  intro: {
    nl: "Lekwijzer bewaart gegevens van mensen die al slachtoffer zijn van een datalek. Vindt u een zwakke plek in de beveiliging? Meld het ons dan. Wij zijn u dankbaar.",
    en: "Lekwijzer keeps data about people who are already the victims of a data breach. Have you found a security weakness? Please tell us. We are grateful for your help.",
  },
  howTitle: { nl: "Zo meldt u het", en: "How to report" },
  how: [
    {
      nl: "Stuur uw melding naar het adres hieronder. Schrijf wat u vond en hoe wij het kunnen nadoen.",
      en: "Send your report to the address below. Describe what you found and how we can reproduce it.",
    },
    {
      nl: "Gebruik geen gegevens van echte mensen. Kijk niet verder dan nodig is om het probleem te laten zien.",
      en: "Do not use data of real people. Look no further than you need to show the problem.",
    },
    {
      nl: "Vertel het probleem niet aan anderen voordat wij het hebben opgelost.",
      en: "Do not share the problem with others before we have fixed it.",
    },
  ],
  promiseTitle: { nl: "Wat wij doen", en: "What we do" },
  promise: [
    {
      nl: "Wij antwoorden binnen 3 werkdagen.",
      en: "We reply within 3 working days.",
    },
    {
      nl: "Wij doen geen aangifte tegen u als u zich aan deze regels houdt.",
      en: "We do not report you to the police if you follow these rules.",
    },
    {
      nl: "Wij houden u op de hoogte en noemen uw naam als u dat wilt.",
      en: "We keep you informed and name you if you wish.",
    },
  ],
  contact: { nl: "Meld het hier:", en: "Report it here:" },
} as const;

export function securityTxt(options: SecurityContact, now: Date = new Date()): string {
  const expires = new Date(now.getTime() + EXPIRES_AFTER_DAYS * 24 * 3600 * 1000);
  expires.setUTCMilliseconds(0);
  return [
    `Contact: ${options.contact}`,
    `Expires: ${expires.toISOString().replace(".000Z", "Z")}`,
    "Preferred-Languages: nl, en",
    `Canonical: ${options.publicUrl}/.well-known/security.txt`,
    `Policy: ${options.publicUrl}/beveiliging`,
    "",
  ].join("\n");
}

export async function securityRoutes(app: FastifyInstance, options: SecurityContact): Promise<void> {
  app.get("/.well-known/security.txt", { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type("text/plain; charset=utf-8")
      .header("cache-control", "public, max-age=86400")
      .send(securityTxt(options)),
  );

  for (const language of LANGUAGES) {
    app.get(localPath("/beveiliging", language), { schema: { hide: true } }, async (_request, reply) => {
      const body = html`<h1 class="utrecht-heading-1">${t(TITLE, language)}</h1>
<p class="utrecht-paragraph">${t(POLICY.intro, language)}</p>
<h2 class="utrecht-heading-2">${t(POLICY.howTitle, language)}</h2>
<ul class="utrecht-unordered-list">${POLICY.how.map((item) => html`<li class="utrecht-unordered-list__item">${t(item, language)}</li>`)}</ul>
<h2 class="utrecht-heading-2">${t(POLICY.promiseTitle, language)}</h2>
<ul class="utrecht-unordered-list">${POLICY.promise.map((item) => html`<li class="utrecht-unordered-list__item">${t(item, language)}</li>`)}</ul>
<p class="utrecht-paragraph">${t(POLICY.contact, language)} <a class="utrecht-link" href="${options.contact}">${options.contact.replace(/^mailto:/, "")}</a></p>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ language, path: "/beveiliging", title: TITLE, body }));
    });
  }
}
