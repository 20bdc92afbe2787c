/**
 * A regulator notice as a tagged PDF in Dutch or English: the breach, the phase and its place among the
 * notices, the reasons for delay, every section of the form with its fields, and the NIS2 clock when it applies.
 * The organisation keeps it with its files and copies it into the regulator's own form.
 */
import type { Language } from "../core/index.ts";
import { CATEGORIES } from "../framework/index.ts";
import type { NoticeExport } from "./regulator-notices.ts";
import { SECTION_ORDER } from "./regulator-notices-schema.ts";
import {
  CHOICE_NAMES,
  FIELD_LABELS,
  NIS2_NAMES,
  PHASE_NAMES,
  SECTION_TITLES,
} from "./regulator-notices-text.ts";
import { TIME, taggedPdf } from "./tagged-pdf.ts";

const L = {
  nl: {
    title: "Melding datalek aan de toezichthouder",
    organisation: "Organisatie",
    breach: "Datalek",
    aware: "Ontdekt op",
    due: "Melden uiterlijk",
    phase: "Soort melding",
    refersTo: "Hoort bij melding",
    submitted: "Ingediend op {at} door {by}",
    late: "Later dan 72 uur na het ontdekken",
    reasons: "Redenen voor de vertraging",
    nis2: "Cyberbeveiligingswet (NIS2)",
    nis2Lead:
      "Meldingen aan het CSIRT en de bevoegde autoriteit. Lekwijzer legt vast wanneer ze zijn verstuurd.",
    sent: "verstuurd op",
    notSent: "nog niet verstuurd",
    dueAt: "uiterlijk",
    yes: "ja",
    no: "nee",
    empty: "niet ingevuld",
  },
  en: {
    title: "Data breach notice to the regulator",
    organisation: "Organisation",
    breach: "Breach",
    aware: "Aware since",
    due: "Notify by",
    phase: "Kind of notice",
    refersTo: "Belongs to notice",
    submitted: "Submitted on {at} by {by}",
    late: "More than 72 hours after awareness",
    reasons: "Reasons for the delay",
    nis2: "Cyberbeveiligingswet (NIS2)",
    nis2Lead: "Reports to the CSIRT and the competent authority. Lekwijzer records when they were sent.",
    sent: "sent on",
    notSent: "not sent yet",
    dueAt: "due",
    yes: "yes",
    no: "no",
    empty: "not filled in",
  },
} as const;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** One field's value as words: yes/no, named choices, category labels, or the text itself. */
function valueText(path: string, value: unknown, language: Language): string {
  const l = L[language];
  if (value === undefined || value === null || value === "") return l.empty;
  if (typeof value === "boolean") return value ? l.yes : l.no;
  if (Array.isArray(value)) {
    if (value.length === 0) return l.empty;
    return value
      .map((item) => {
        const key = String(item);
        if (path === "personalData.categories")
          return CATEGORIES.find((c) => c.id === key)?.label[language] ?? key;
        return CHOICE_NAMES[key]?.[language] ?? key;
      })
      .join(", ");
  }
  if (typeof value === "string" && ["consequences.risk", "followUp.subjectsInformed"].includes(path))
    return CHOICE_NAMES[value]?.[language] ?? value;
  return String(value);
}

/** The notice as PDF bytes. */
export async function regulatorNoticePdf(report: NoticeExport, language: Language): Promise<Buffer> {
  const l = L[language];
  const when = (iso: string) => TIME[language].format(new Date(iso));
  const { notice } = report;
  const phase = PHASE_NAMES[notice.phase]?.[language] ?? notice.phase;
  const pdf = taggedPdf({
    language,
    title: `${l.title}: ${report.breach.title} (${notice.number})`,
    author: report.organisation,
  });
  pdf.h1(`${l.title}: ${report.breach.title}`);
  pdf.p(`${l.organisation}: ${report.organisation}`);
  pdf.p(`${l.breach}: ${report.breach.title} (${report.breach.id})`);
  pdf.p(`${l.aware}: ${when(report.breach.awareAt)}; ${l.due}: ${when(report.breach.dueAt)}`);
  pdf.p(`${l.phase}: ${phase} (${notice.number})`);
  if (notice.refersTo !== null) pdf.p(`${l.refersTo}: ${notice.refersTo}`);
  pdf.p(fill(l.submitted, { at: when(notice.submittedAt), by: notice.submittedBy }));
  if (notice.late) pdf.p(l.late);
  if (notice.delayReasons) {
    pdf.h2(l.reasons);
    pdf.p(notice.delayReasons);
  }
  const sections = notice.phase === "withdrawal" ? (["withdrawal"] as const) : SECTION_ORDER;
  for (const section of sections) {
    pdf.h2(SECTION_TITLES[section]?.[language] ?? section);
    const values =
      notice.phase === "withdrawal"
        ? (notice.sections as Record<string, unknown>)
        : ((notice.sections[section] ?? {}) as Record<string, unknown>);
    for (const [path, label] of Object.entries(FIELD_LABELS)) {
      if (!path.startsWith(`${section}.`)) continue;
      const field = path.slice(section.length + 1);
      // A question as label is followed by its answer without a colon ("Wat is er gebeurd? …").
      const text = label[language];
      pdf.p(`${text}${text.endsWith("?") ? "" : ":"} ${valueText(path, values[field], language)}`);
    }
  }
  if (report.nis2) {
    pdf.h2(l.nis2);
    pdf.p(l.nis2Lead);
    for (const r of report.nis2.reports)
      pdf.p(
        `${NIS2_NAMES[r.report]?.[language] ?? r.report}: ${l.dueAt} ${when(r.dueAt)}; ${r.sentAt ? `${l.sent} ${when(r.sentAt)}` : l.notSent}`,
      );
  }
  return pdf.finish();
}
