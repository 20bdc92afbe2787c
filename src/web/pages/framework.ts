/**
 * The framework for organisations: what every victim must be told (with template texts), the risk profiles
 * that need advice of their own, and where to get it all as open data. This is the page a regulator can hand
 * to organisations with its breach-notification procedure.
 */
import type { FastifyInstance } from "fastify";
import { formatDate } from "../../core/index.ts";
import {
  CHANGELOG,
  ELEMENTS,
  type Element,
  FLAGS,
  type Flag,
  FRAMEWORK_VERSION,
  RISKS,
  STEPS,
  SUBJECT_LINES,
} from "../../framework/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";

const TEXT = {
  title: {
    nl: "Handelingskader voor organisaties met een groot datalek",
    en: "Action framework for organisations with a large data breach",
  },
  lead: {
    nl: "Heeft uw organisatie een datalek met meer dan 5.000 slachtoffers en een hoog risico? Dan moet u elk slachtoffer snel, duidelijk en persoonlijk informeren. Hier staat wat u moet vertellen, met voorbeeldteksten die u kunt gebruiken.",
    en: "Has your organisation had a data breach affecting more than 5,000 people with a high risk? Then you must inform every victim quickly, clearly and personally. This page lists what you must tell them, with template texts you can use.",
  },
  lawHeading: { nl: "Wat de wet vraagt", en: "What the law requires" },
  law: [
    {
      nl: "Meld een datalek binnen 72 uur aan de Autoriteit Persoonsgegevens, tenzij het lek waarschijnlijk geen risico geeft (AVG artikel 33).",
      en: "Report a breach to the Dutch Data Protection Authority within 72 hours, unless it is unlikely to result in a risk (GDPR article 33).",
    },
    {
      nl: "Is het risico hoog? Vertel het dan zonder onnodige vertraging aan de mensen om wie het gaat (AVG artikel 34).",
      en: "Is the risk high? Then tell the people concerned without undue delay (GDPR article 34).",
    },
    {
      nl: "Leg elk datalek vast, ook als u het niet hoeft te melden.",
      en: "Record every breach, even when you do not have to report it.",
    },
  ],
  safetyHeading: { nl: "Als het lek mensen in gevaar brengt", en: "When the breach puts people in danger" },
  safety: [
    {
      nl: "Soms kan iemand gevaar lopen als anderen weten wie hij is, waar hij woont of wat hij doet. Denk aan agenten, gevangenispersoneel, tolken voor defensie, getuigen, mensen die zich verbergen voor een gewelddadige (ex-)partner, bronnen van journalisten en vluchtelingen.",
      en: "Sometimes a person can be in danger if others know who they are, where they live or what they do. Think of police officers, prison staff, military interpreters, witnesses, people hiding from a violent (former) partner, journalists' sources and refugees.",
    },
    {
      nl: "Zeg dat dan in de beoordeling (physicalSafety, met de reden). Het risico is dan hoog, welke gegevens het ook zijn. Vertel het deze mensen meteen, met advies over hun veiligheid. Een openbare bekendmaking is dan niet genoeg.",
      en: "Then say so in the assessment (physicalSafety, with the reason). The risk is then high, whatever the data. Tell these people at once, with advice on their safety. A public announcement is not enough then.",
    },
    {
      nl: "Weet u niet zeker of een adres, e-mail of telefoonnummer veilig is? Ga dan via een contactpersoon, zoals de werkgever of begeleider. Of via de politie. Of stuur een brief naar een ander adres dat de persoon zelf koos. Hun stappenplan begint met hun veiligheid.",
      en: "Not sure an address, e-mail or phone number is safe? Then go through a contact person, such as the employer or case worker. Or through the police. Or send a letter to another address the person chose. Their action plan starts with their safety.",
    },
  ],
  documentHeading: { nl: "Wanneer alleen vastleggen genoeg is", en: "When recording the breach is enough" },
  document: [
    {
      nl: "Is de ernst volgens ENISA laag? En geldt er niets wat het risico verhoogt? Dan hoeft u het lek niet te melden. U legt het wel vast. Verhogend zijn bijvoorbeeld: bijzondere gegevens, kans op identiteitsfraude, inloggegevens, kwade opzet, gegevens die openbaar werden, kwetsbare of bedreigde mensen, meer dan 5.000 mensen of gegevens die voorgoed weg zijn.",
      en: "Is the severity by the ENISA method low, and does nothing raise the risk? Then you do not have to report the breach, but you do record it. Things that raise the risk include special-category data, a chance of identity fraud, login data, bad intent, data made public, vulnerable or endangered people, more than 5,000 people, or data lost for good.",
    },
    {
      nl: "De beoordeling laat de score zien en hoe ver die onder de grens ligt. In de lijst 'sensitivity' ziet u welke ene verandering wel een melding vraagt. Twijfelt u? Meld het dan toch.",
      en: "The assessment shows the score and how far it is below the edge. The 'sensitivity' list shows which single change would call for a report. In doubt? Report it anyway.",
    },
  ],
  assessLink: {
    nl: "Twijfelt u over het risico? Gebruik de beoordeling in de API (POST /api/v1/assessments) of het commando lekwijzer assess.",
    en: "Not sure about the risk? Use the assessment in the API (POST /api/v1/assessments) or the lekwijzer assess command.",
  },
  firmnessHeading: { nl: "Hoe vast staat de uitkomst?", en: "How firm is the outcome?" },
  firmness: [
    {
      nl: "Bij elke beoordeling staat een lijst 'sensitivity'. Daarin staat per plicht welke ene verandering in de feiten de uitkomst omdraait. Bijvoorbeeld: 'Als de ontvangers bekend en betrouwbaar waren geweest, hoefde u de mensen niet zelf te informeren.'",
      en: "Every assessment has a 'sensitivity' list. For each duty it names the single change in the facts that would turn the outcome around. For example: 'If only known, trusted recipients had received the data, informing the people affected would not be required.'",
    },
    {
      nl: "Soms is zo'n verandering een oordeel en geen feit: hoe betrouwbaar de ontvangers zijn, of gegevens onleesbaar waren, uw eigen aanpassingen, genomen maatregelen of te veel moeite. Dan staat er 'judgement: true' en is de uitkomst 'borderline'. Leg dan goed vast waarom u tot uw oordeel kwam. De toezichthouder kan het anders zien.",
      en: "Sometimes such a change is a judgement, not a fact: how trusted the recipients are, whether data were unintelligible, your own adjustments, measures taken or disproportionate effort. Then the entry says 'judgement: true' and the outcome is 'borderline'. Record carefully why you judged as you did. The regulator may see it differently.",
    },
  ],
  elementsHeading: { nl: "Wat elk slachtoffer moet weten", en: "What every victim must be told" },
  elementsLead: {
    nl: "Elk bericht aan slachtoffers bevat deze onderdelen. De voorbeeldteksten gebruiken ((plekhouders)) die u invult per organisatie en per persoon.",
    en: "Every message to victims contains these parts. The template texts use ((placeholders)) that you fill in per organisation and per person.",
  },
  always: { nl: "Altijd nodig", en: "Always required" },
  whenApplicable: { nl: "Nodig als het van toepassing is", en: "Required when it applies" },
  mustSay: { nl: "Wat moet erin", en: "What it must say" },
  template: { nl: "Voorbeeldtekst", en: "Template text" },
  otherLanguage: { nl: "Voorbeeldtekst in het Engels", en: "Template text in Dutch" },
  sources: { nl: "Bron", en: "Source" },
  subjectsHeading: { nl: "Onderwerpregels die mensen lezen", en: "Subject lines that people read" },
  subjectsLead: {
    nl: "Veel mensen lezen een bericht over een datalek niet, omdat de onderwerpregel gewoon lijkt. Zeg duidelijk dat het om de gegevens van de lezer gaat.",
    en: "Many breach notices go unread because the subject line looks routine. Say plainly that the reader's own data is involved.",
  },
  profilesHeading: { nl: "Groepen met een extra risico", en: "Groups at special risk" },
  profilesLead: {
    nl: "Voor sommige mensen is een datalek gevaarlijker. Of zij hebben een andere manier van contact nodig. Geef hen eigen advies.",
    en: "For some people a breach is more dangerous, or they need another way of contact. Give them advice of their own.",
  },
  group: { nl: "Groep", en: "Group" },
  extraRisks: { nl: "Extra risico's", en: "Extra risks" },
  extraSteps: { nl: "Extra stappen", en: "Extra steps" },
  route: { nl: "Hoe bereikt u hen", en: "How to reach them" },
  openDataHeading: { nl: "Open data", en: "Open data" },
  openData: {
    nl: "Het hele handelingskader staat ook als JSON in de API. Gebruik het in uw eigen systemen.",
    en: "The whole framework is also available as JSON from the API. Use it in your own systems.",
  },
  version: { nl: "Versie", en: "Version" },
  changes: { nl: "Wijzigingen", en: "Changes" },
};

function elementSection(element: Element, language: Language): SafeHtml {
  const other: Language = language === "nl" ? "en" : "nl";
  return html`<section aria-labelledby="onderdeel-${element.id}">
<h3 class="utrecht-heading-3" id="onderdeel-${element.id}">${t(element.title, language)}</h3>
<p class="utrecht-paragraph"><strong>${element.required === "always" ? t(TEXT.always, language) : t(TEXT.whenApplicable, language)}.</strong> ${t(TEXT.mustSay, language)}: ${t(element.mustSay, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.template, language)}:</p>
<blockquote class="utrecht-blockquote"><p class="utrecht-paragraph">${t(element.template, language)}</p></blockquote>
<details><summary>${t(TEXT.otherLanguage, language)}</summary>
<p class="utrecht-paragraph" lang="${other}">${t(element.template, other)}</p></details>
<p class="utrecht-paragraph utrecht-paragraph--small">${t(TEXT.sources, language)}: ${element.sources.join("; ")}</p>
</section>`;
}

function profileRow(flag: Flag, language: Language): SafeHtml {
  const risks = flag.extraRisks
    .map((id) => RISKS.find((risk) => risk.id === id))
    .filter((risk) => risk !== undefined);
  const steps = flag.extraSteps
    .map((id) => STEPS.find((step) => step.id === id))
    .filter((step) => step !== undefined);
  return html`<tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="row">${t(flag.label, language)}<br><span class="utrecht-paragraph--small">${t(flag.explanation, language)}</span></th>
<td class="utrecht-table__cell" data-label="${t(TEXT.extraRisks, language)}">${risks.map((risk, i) => html`${i > 0 ? ", " : ""}${t(risk.label, language)}`)}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.extraSteps, language)}">${steps.map((step, i) => html`${i > 0 ? "; " : ""}${t(step.title, language)}`)}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.route, language)}">${t(flag.channel.note, language)}</td>
</tr>`;
}

function frameworkBody(language: Language): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<h2 class="utrecht-heading-2">${t(TEXT.lawHeading, language)}</h2>
<ul class="utrecht-unordered-list">${TEXT.law.map((line) => html`<li>${t(line, language)}</li>`)}</ul>
<p class="utrecht-paragraph">${t(TEXT.assessLink, language)}</p>
<h3 class="utrecht-heading-3">${t(TEXT.firmnessHeading, language)}</h3>
${TEXT.firmness.map((line) => html`<p class="utrecht-paragraph">${t(line, language)}</p>`)}
<h3 class="utrecht-heading-3">${t(TEXT.documentHeading, language)}</h3>
${TEXT.document.map((line) => html`<p class="utrecht-paragraph">${t(line, language)}</p>`)}
<h3 class="utrecht-heading-3">${t(TEXT.safetyHeading, language)}</h3>
${TEXT.safety.map((line) => html`<p class="utrecht-paragraph">${t(line, language)}</p>`)}
<h2 class="utrecht-heading-2">${t(TEXT.elementsHeading, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.elementsLead, language)}</p>
${ELEMENTS.map((element) => elementSection(element, language))}
<h2 class="utrecht-heading-2">${t(TEXT.subjectsHeading, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.subjectsLead, language)}</p>
<ul class="utrecht-unordered-list">${SUBJECT_LINES.map((line) => html`<li>${t(line.text, language)}</li>`)}</ul>
</div>
<h2 class="utrecht-heading-2" id="groepen">${t(TEXT.profilesHeading, language)}</h2>
<p class="utrecht-paragraph lw-prose">${t(TEXT.profilesLead, language)}</p>
<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="groepen" tabindex="0">
<table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.group, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.extraRisks, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.extraSteps, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.route, language)}</th>
</tr></thead>
<tbody class="utrecht-table__body">${FLAGS.map((flag) => profileRow(flag, language))}</tbody>
</table>
</div>
<div class="lw-prose">
<h2 class="utrecht-heading-2">${t(TEXT.openDataHeading, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.openData, language)} <a class="utrecht-link" href="/api/v1/framework">/api/v1/framework</a></p>
<p class="utrecht-paragraph">${t(TEXT.version, language)}: ${FRAMEWORK_VERSION}</p>
<h3 class="utrecht-heading-3">${t(TEXT.changes, language)}</h3>
<ul class="utrecht-unordered-list">${CHANGELOG.map((entry) => html`<li>${entry.version} (${formatDate(entry.date, language)}): ${entry.changes.join(" ")}</li>`)}</ul>
</div>`;
}

export async function frameworkPageRoutes(app: FastifyInstance): Promise<void> {
  for (const language of LANGUAGES) {
    const body = page({
      language,
      path: "/handelingskader",
      title: TEXT.title,
      body: frameworkBody(language),
    });
    app.get(localPath("/handelingskader", language), { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/html; charset=utf-8").header("cache-control", "public, max-age=300").send(body),
    );
  }
}
