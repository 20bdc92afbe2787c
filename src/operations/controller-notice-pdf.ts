/**
 * A processor's notice to one controller as a tagged PDF in Dutch or English (GDPR art. 33(2)): who writes to
 * whom, what the controller must decide, and what it needs to decide it: the breach's facts, the kinds of
 * personal data, the number of people and the processor's own assessment. The processor sends it to the
 * controller, who decides on its own notices to the regulator and the people.
 */
import type { Language } from "../core/index.ts";
import { CATEGORIES } from "../framework/index.ts";
import type { ControllerNoticeExport } from "./regulator-notices.ts";
import { CHOICE_NAMES } from "./regulator-notices-text.ts";
import { TIME, taggedPdf } from "./tagged-pdf.ts";

const L = {
  nl: {
    title: "Melding datalek aan verwerkingsverantwoordelijke",
    lead:
      "Wij verwerken persoonsgegevens voor u. Bij ons is een datalek geweest. U bent verantwoordelijk voor deze " +
      "gegevens. Daarom beslist u zelf of u het datalek meldt bij de toezichthouder en of u de mensen informeert " +
      "(AVG artikel 33 en 34). In deze melding staat wat u daarvoor nodig hebt.",
    from: "Van (verwerker)",
    to: "Aan",
    made: "Gemaakt op {at} door {by}",
    decideTitle: "Wat u moet beslissen",
    breachTitle: "Het datalek",
    breach: "Datalek",
    aware: "Wij ontdekten het op",
    occurred: "Gebeurd van {from} tot {to}",
    nature: "Soort datalek",
    cause: "Oorzaak",
    dataTitle: "Persoonsgegevens",
    categories: "Soorten persoonsgegevens",
    subjects: "Aantal betrokkenen",
    groups: "Groepen betrokkenen",
    assessmentTitle: "Onze beoordeling",
    assessmentLead: "Zo beoordelen wij het datalek. U beslist zelf; onze beoordeling helpt u daarbij.",
    risk: "Risico voor betrokkenen",
    notifyAuthority: "Melden bij de toezichthouder nodig",
    deadline: "uiterlijk",
    notifySubjects: "Betrokkenen informeren nodig",
    publicCommunication: "Openbare mededeling in plaats van persoonlijk informeren",
    yes: "ja",
    no: "nee",
    unknown: "niet bekend",
    notAssessed: "Het datalek is nog niet beoordeeld.",
  },
  en: {
    title: "Data breach notice to a controller",
    lead:
      "We process personal data for you. We had a data breach. You are the controller of this data, so you decide " +
      "whether to notify the regulator and whether to inform the people (GDPR articles 33 and 34). This notice " +
      "holds what you need for that.",
    from: "From (processor)",
    to: "To",
    made: "Made on {at} by {by}",
    decideTitle: "What you must decide",
    breachTitle: "The breach",
    breach: "Breach",
    aware: "We became aware on",
    occurred: "Happened from {from} to {to}",
    nature: "Kind of breach",
    cause: "Cause",
    dataTitle: "Personal data",
    categories: "Kinds of personal data",
    subjects: "Number of people",
    groups: "Groups of people",
    assessmentTitle: "Our assessment",
    assessmentLead: "This is how we assess the breach. You decide; our assessment helps you.",
    risk: "Risk to the people",
    notifyAuthority: "Notice to the regulator needed",
    deadline: "by",
    notifySubjects: "Informing the people needed",
    publicCommunication: "Public communication instead of informing each person",
    yes: "yes",
    no: "no",
    unknown: "not known",
    notAssessed: "The breach has not been assessed yet.",
  },
} as const;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");
const str = (value: unknown): string => (typeof value === "string" ? value : "");

const DAY: Record<Language, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
};

/** A time (or a bare date, as the facts may give one) as people read it; anything else as given. */
function timeText(value: string, language: Language): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? DAY[language].format(date) : TIME[language].format(date);
}

function breachPart(pdf: ReturnType<typeof taggedPdf>, report: ControllerNoticeExport, language: Language) {
  const l = L[language];
  const facts = report.breach.facts as {
    occurredFrom?: unknown;
    occurredTo?: unknown;
    nature?: unknown;
    cause?: unknown;
    subjects?: { groups?: unknown };
  };
  pdf.h2(l.breachTitle);
  pdf.p(`${l.breach}: ${report.breach.title} (${report.breach.id})`);
  pdf.p(`${l.aware}: ${timeText(report.breach.awareAt, language)}`);
  const from = str(facts.occurredFrom);
  if (from)
    pdf.p(
      fill(l.occurred, {
        from: timeText(from, language),
        to: str(facts.occurredTo) ? timeText(str(facts.occurredTo), language) : l.unknown,
      }),
    );
  const natures = Array.isArray(facts.nature) ? facts.nature.map(String) : [];
  if (natures.length > 0)
    pdf.p(`${l.nature}: ${natures.map((n) => CHOICE_NAMES[n]?.[language] ?? n).join(", ")}`);
  if (str(facts.cause)) pdf.p(`${l.cause}: ${str(facts.cause)}`);
  pdf.h2(l.dataTitle);
  const categories = report.breach.categories.map(
    (id) => CATEGORIES.find((c) => c.id === id)?.label[language] ?? id,
  );
  pdf.p(`${l.categories}: ${categories.length > 0 ? categories.join(", ") : l.unknown}`);
  const count = report.breach.subjects;
  pdf.p(
    `${l.subjects}: ${count === null ? l.unknown : new Intl.NumberFormat(language === "nl" ? "nl-NL" : "en-GB").format(count)}`,
  );
  const groups = Array.isArray(facts.subjects?.groups) ? facts.subjects.groups.map(String) : [];
  if (groups.length > 0) pdf.p(`${l.groups}: ${groups.join(", ")}`);
}

function assessmentPart(
  pdf: ReturnType<typeof taggedPdf>,
  report: ControllerNoticeExport,
  language: Language,
) {
  const l = L[language];
  const yesNo = (value: unknown) => (value === true ? l.yes : value === false ? l.no : l.unknown);
  pdf.h2(l.assessmentTitle);
  const { risk, obligations } = report.breach;
  if (risk === null && obligations === null) {
    pdf.p(l.notAssessed);
    return;
  }
  pdf.p(l.assessmentLead);
  if (risk !== null) pdf.p(`${l.risk}: ${CHOICE_NAMES[risk]?.[language] ?? risk}`);
  if (obligations === null) return;
  const deadline = str(obligations.authorityDeadline);
  pdf.p(
    `${l.notifyAuthority}: ${yesNo(obligations.notifyAuthority)}${obligations.notifyAuthority === true && deadline ? ` (${l.deadline} ${timeText(deadline, language)})` : ""}`,
  );
  pdf.p(`${l.notifySubjects}: ${yesNo(obligations.notifySubjects)}`);
  if (obligations.publicCommunication === true) pdf.p(`${l.publicCommunication}: ${l.yes}`);
}

/** The controller notice as PDF bytes. */
export async function controllerNoticePdf(
  report: ControllerNoticeExport,
  language: Language,
): Promise<Buffer> {
  const l = L[language];
  const pdf = taggedPdf({
    language,
    title: `${l.title}: ${report.breach.title} (${report.controller.name})`,
    author: report.processor,
  });
  pdf.h1(`${l.title}: ${report.breach.title}`);
  pdf.p(l.lead);
  pdf.p(`${l.from}: ${report.processor}`);
  pdf.p(`${l.to}: ${report.controller.name} (${report.controller.contact})`);
  pdf.p(fill(l.made, { at: timeText(report.createdAt, language), by: report.createdBy }));
  pdf.h2(l.decideTitle);
  pdf.p(report.decide);
  breachPart(pdf, report, language);
  assessmentPart(pdf, report, language);
  return pdf.finish();
}
