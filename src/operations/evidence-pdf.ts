/**
 * The evidence report as a tagged PDF (PDF/UA: headings, paragraphs, language, title) for the organisation's
 * files and the regulator: the same content as the JSON, in Dutch or English. Every line is its own tagged
 * paragraph, so nothing runs across a page inside one marked-content sequence.
 */
import type { Language } from "../core/index.ts";
import type { EvidenceReport, TimelineEvent } from "./evidence.ts";
import { TIME, taggedPdf } from "./tagged-pdf.ts";

const L = {
  nl: {
    title: "Verantwoording datalek",
    generated: "Gemaakt op {at} door {by}",
    breach: "Het datalek",
    organisation: "Organisatie",
    status: "Status",
    aware: "Ontdekt op",
    risk: "Risico",
    large: "Groot datalek (meer dan 5.000 mensen)",
    notifyAuthority: "Melden bij de Autoriteit Persoonsgegevens",
    notifySubjects: "Mensen informeren",
    deadline: "Melding bij de toezichthouder (72 uur)",
    due: "Uiterlijk",
    notified: "Gemeld op",
    notYet: "nog niet gemeld",
    onTime: "op tijd",
    late: "te laat",
    notices: "Berichten aan mensen (eerste berichten)",
    first: "Eerste bericht",
    last: "Laatste bericht",
    sent: "Verstuurd",
    failed: "Niet aangekomen of niet bereikbaar",
    timeline: "Tijdlijn",
    campaigns: "Campagnes",
    createdBy: "Gemaakt door",
    approvedBy: "Goedgekeurd door",
    checks: "Bevindingen van de controles",
    channels: "Per kanaal",
    updates: "Nieuwsberichten",
    retention: "Bewaartermijnen en openheid (handelingskader K16, K17)",
    register: "Lijst van persoonsgegevens",
    registerKinds: {
      published: "gepubliceerd, versie {version}",
      draft: "niet gepubliceerd (concept)",
      none: "geen",
    },
    withDate: "Mensen met een einddatum van de klantrelatie: {n}",
    tooLong:
      "{n} mensen met gelekte {data}: klantrelatie geëindigd vóór {date} (bewaartermijn {months} maanden)",
    notInRegister: "Gelekt maar niet in de lijst: {data}",
    published: "gepubliceerd",
    draft: "niet gepubliceerd",
    audit: "Auditlog",
    chainOk: "De keten klopt: {count} regels. Laatste regel {seq}, hash {hash}.",
    chainBroken: "De keten klopt niet bij regel {seq}: {problem}.",
    entries: "{n} regels over dit datalek",
    truncated: "(alleen de eerste regels)",
    yes: "ja",
    no: "nee",
    unknown: "onbekend",
    none: "geen",
  },
  en: {
    title: "Data breach evidence",
    generated: "Generated on {at} by {by}",
    breach: "The breach",
    organisation: "Organisation",
    status: "Status",
    aware: "Aware since",
    risk: "Risk",
    large: "Large breach (more than 5,000 people)",
    notifyAuthority: "Notify the Dutch Data Protection Authority",
    notifySubjects: "Inform the people affected",
    deadline: "Notice to the regulator (72 hours)",
    due: "Due",
    notified: "Notified on",
    notYet: "not notified yet",
    onTime: "on time",
    late: "late",
    notices: "Messages to people (first notices)",
    first: "First message",
    last: "Last message",
    sent: "Sent",
    failed: "Not delivered or unreachable",
    timeline: "Timeline",
    campaigns: "Campaigns",
    createdBy: "Created by",
    approvedBy: "Approved by",
    checks: "Findings of the checks",
    channels: "By channel",
    updates: "Updates",
    retention: "Retention and openness (framework K16, K17)",
    register: "List of personal data",
    registerKinds: {
      published: "published, version {version}",
      draft: "not published (draft)",
      none: "none",
    },
    withDate: "People with an end date of their customer relationship: {n}",
    tooLong: "{n} people with leaked {data}: relationship ended before {date} (retention {months} months)",
    notInRegister: "Leaked but not in the list: {data}",
    published: "published",
    draft: "not published",
    audit: "Audit log",
    chainOk: "The chain verifies: {count} entries. Last entry {seq}, hash {hash}.",
    chainBroken: "The chain breaks at entry {seq}: {problem}.",
    entries: "{n} entries about this breach",
    truncated: "(the first entries only)",
    yes: "yes",
    no: "no",
    unknown: "unknown",
    none: "none",
  },
} as const;

const EVENTS: Record<TimelineEvent["event"], { nl: string; en: string }> = {
  aware: { nl: "Organisatie wist van het datalek", en: "Organisation became aware" },
  registered: { nl: "Datalek vastgelegd in Lekwijzer", en: "Breach registered in Lekwijzer" },
  "victims-imported": { nl: "Bestand met mensen ingelezen", en: "File of people imported" },
  "authority-notified": { nl: "Gemeld bij de toezichthouder", en: "Regulator notified" },
  "page-published": { nl: "Pagina over het datalek gepubliceerd", en: "Breach page published" },
  "register-listed": { nl: "Opgenomen in het register", en: "Listed in the register" },
  "campaign-created": { nl: "Campagne gemaakt", en: "Campaign created" },
  "campaign-approved": { nl: "Campagne goedgekeurd", en: "Campaign approved" },
  "campaign-started": { nl: "Campagne gestart", en: "Campaign started" },
  "first-message-sent": { nl: "Eerste bericht verstuurd", en: "First message sent" },
  "last-message-sent": { nl: "Laatste bericht verstuurd", en: "Last message sent" },
  "campaign-finished": { nl: "Campagne klaar", en: "Campaign finished" },
  "update-published": { nl: "Nieuwsbericht gepubliceerd", en: "Update published" },
};

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** The report as PDF bytes. */
export async function evidencePdf(report: EvidenceReport, language: Language): Promise<Buffer> {
  const l = L[language];
  const when = (iso: string | null) => (iso ? TIME[language].format(new Date(iso)) : l.unknown);
  const yesNo = (v: boolean | null) => (v === null ? l.unknown : v ? l.yes : l.no);
  const pdf = taggedPdf({
    language,
    title: `${l.title}: ${report.breach.title}`,
    author: report.organisation,
  });
  const w: Writer = { l, language, when, yesNo, h1: pdf.h1, h2: pdf.h2, p: pdf.p };
  writeBreach(w, report);
  writeActivity(w, report);
  return pdf.finish();
}

interface Writer {
  l: (typeof L)[Language];
  language: Language;
  when: (iso: string | null) => string;
  yesNo: (value: boolean | null) => string;
  h1: (text: string) => void;
  h2: (text: string) => void;
  p: (text: string) => void;
}

/** The breach, its assessment, the regulator's deadline and when people were told. */
function writeBreach({ l, when, yesNo, h1, h2, p }: Writer, report: EvidenceReport): void {
  h1(`${l.title}: ${report.breach.title}`);
  p(fill(l.generated, { at: when(report.generatedAt), by: report.generatedBy }));
  h2(l.breach);
  p(`${l.organisation}: ${report.organisation}`);
  p(`${l.status}: ${report.breach.status}`);
  p(`${l.aware}: ${when(report.breach.awareAt)}`);
  p(`${l.risk}: ${report.breach.risk ?? l.unknown}`);
  p(`${l.large}: ${yesNo(report.breach.largeBreach)}`);
  p(`${l.notifyAuthority}: ${yesNo(report.breach.notifyAuthority)}`);
  p(`${l.notifySubjects}: ${yesNo(report.breach.notifySubjects)}`);
  h2(l.deadline);
  const d = report.authorityDeadline;
  p(`${l.due}: ${when(d.dueAt)}`);
  p(
    d.notifiedAt
      ? `${l.notified}: ${when(d.notifiedAt)} (${d.onTime ? l.onTime : l.late})`
      : `${l.notified}: ${l.notYet}`,
  );
  h2(l.notices);
  p(`${l.first}: ${when(report.victimNotices.firstSentAt)}`);
  p(`${l.last}: ${when(report.victimNotices.lastSentAt)}`);
  p(`${l.sent}: ${report.victimNotices.sent}`);
  p(`${l.failed}: ${report.victimNotices.failed}`);
}

/** What was done: the timeline, the campaigns, the updates and the audit log. */
function writeActivity({ l, language, when, h2, p }: Writer, report: EvidenceReport): void {
  h2(l.timeline);
  for (const e of report.timeline)
    p(
      `${when(e.at)}: ${EVENTS[e.event][language]}${e.by ? ` (${e.by})` : ""}${e.about ? ` [${e.about}]` : ""}`,
    );
  h2(l.campaigns);
  if (report.campaigns.length === 0) p(l.none);
  for (const c of report.campaigns) {
    p(`${c.kind} ${c.id}: ${c.status}, ${c.total}`);
    p(`${l.createdBy}: ${c.createdBy}; ${l.approvedBy}: ${c.approvedBy ?? l.none}`);
    const checks = Object.entries(c.checks).map(([k, n]) => `${k} ${n}`);
    p(`${l.checks}: ${checks.length > 0 ? checks.join(", ") : l.none}`);
    const channels = Object.entries(c.byChannel).map(
      ([channel, statuses]) =>
        `${channel}: ${Object.entries(statuses)
          .map(([s, n]) => `${s} ${n}`)
          .join(", ")}`,
    );
    p(`${l.channels}: ${channels.length > 0 ? channels.join("; ") : l.none}`);
  }
  h2(l.updates);
  if (report.updates.length === 0) p(l.none);
  for (const u of report.updates)
    p(`${u.title[language]}: ${u.publishedAt ? `${l.published} ${when(u.publishedAt)}` : l.draft}`);
  writeRetention({ l, p, h2 }, report);
  h2(l.audit);
  const chain = report.audit.chain;
  p(
    chain.ok
      ? fill(l.chainOk, { count: chain.count, seq: chain.head.seq, hash: chain.head.hash })
      : fill(l.chainBroken, { seq: chain.seq, problem: chain.problem }),
  );
  p(
    `${fill(l.entries, { n: report.audit.entries.length })}${report.audit.truncated ? ` ${l.truncated}` : ""}`,
  );
  for (const e of report.audit.entries) p(`${e.seq} ${when(e.at)} ${e.actor}: ${e.action}`);
}

/** The retention check: counts only, never a person. */
function writeRetention({ l, p, h2 }: Pick<Writer, "l" | "p" | "h2">, report: EvidenceReport): void {
  const r = report.retention;
  h2(l.retention);
  p(`${l.register}: ${fill(l.registerKinds[r.register], { version: r.version ?? "" })}`);
  p(fill(l.withDate, { n: r.peopleWithEndDate }));
  for (const rule of r.keptTooLong)
    p(
      fill(l.tooLong, {
        n: rule.people,
        data: rule.categories.join(", "),
        date: rule.endedBefore,
        months: rule.months,
      }),
    );
  if (r.notInRegister.length > 0) p(fill(l.notInRegister, { data: r.notInRegister.join(", ") }));
}
