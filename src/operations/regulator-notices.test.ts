/**
 * Regulator notices and oversight on both engines: the form prefilled from the breach; a notice with errors
 * refused field by field; a late initial notice refused without reasons and accepted with them; a supplement
 * and a withdrawal referring to the initial notice, and nothing after the withdrawal; the JSON and PDF export;
 * the NIS2 clock and a controller notice, with its PDF; the regulator reading two organisations' notices while an
 * organisation's staff are refused; alerts for a high-risk breach without a victim notice after the configured
 * time and not before; a breach's figures aggregated from its deliveries.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, campaigns, deliveries, organisations, victims } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { keyActor, operatorActor, staffActor } from "./actor.ts";
import { createBreach } from "./breaches.ts";
import { OperationProblem } from "./context.ts";
import { controllerNoticePdf } from "./controller-notice-pdf.ts";
import { listOversightNotices, oversightAlerts, oversightBreach } from "./oversight.ts";
import {
  addControllerNotice,
  controllerNoticeExport,
  recordNis2,
  regulatorNoticeExport,
  regulatorNoticeWorkspace,
  submitRegulatorNotice,
} from "./regulator-notices.ts";
import { regulatorNoticePdf } from "./regulator-notices-pdf.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../examples/telecom-crm-theft.json"), "utf8"),
).facts;
const AWARE = new Date(FACTS.awareAt).getTime();
const HOUR = 3_600_000;
const fontsDir = `${join(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"), "..", "standard_fonts")}/`;

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fontsDir }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    parts.push(content.items.map((i) => ("str" in i ? i.str : "")).join(" "));
  }
  return parts.join("\n");
}

async function problemOf(run: () => Promise<unknown>): Promise<OperationProblem> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OperationProblem) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Complete sections: the prefill plus what the facts cannot know. */
function completed(
  prefill: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  return {
    ...prefill,
    contacts: { name: "Sanne Jansen", role: "FG", email: "fg@voorbeeld.nl", phone: "+31 20 123 4567" },
    timeline: { ...prefill.timeline, discovery: "Een journalist meldde dat de gegevens te koop stonden." },
    breach: { ...prefill.breach, summary: "Inbrekers kopieerden het klantsysteem.", cause: "hacking" },
    consequences: { ...prefill.consequences, description: "Oplichting met de gegevens." },
    followUp: {
      ...prefill.followUp,
      measures: "Wachtwoorden vervangen, toegang beperkt.",
      subjectsInformed: "planned",
    },
  };
}

describe.each(engineCases())("regulator notices on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachA = "";
  let breachB = "";
  const officerA = () => keyActor({ holder: "Privacy officer", organisationId: orgA, scope: "write" });
  const regulator = staffActor({ id: "regulator-1", organisationId: null, roles: ["regulator"] });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: `rn-a-${engine}`, name: "Voorbeeld Telecom BV" })).id;
    orgB = (await organisations.create(db.db, { slug: `rn-b-${engine}`, name: "Gemeente Voorbeeld" })).id;
    breachA = (await createBreach(db, officerA(), { facts: FACTS })).id;
    breachB = (await createBreach(db, operatorActor("os:b", orgB), { facts: FACTS })).id;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("fills in what the breach's facts and assessment already say", async () => {
    const space = await regulatorNoticeWorkspace(db, officerA(), { breachId: breachA });
    expect(space.next).toEqual({ phase: "initial", reasonsRequired: true });
    expect(space.prefill.about).toMatchObject({ organisationName: "Voorbeeld Telecom BV" });
    expect(space.prefill.timeline).toMatchObject({ awareAt: FACTS.awareAt, occurredFrom: "2026-02-07" });
    expect(space.prefill.personalData?.categories).toEqual(expect.arrayContaining(["iban", "bsn"]));
    expect(space.prefill.personalData?.special).toBe(false);
    expect(space.prefill.dataSubjects).toMatchObject({ countMin: 6_200_000, countMax: 6_200_000 });
    expect(space.prefill.consequences).toMatchObject({ risk: "high" });
    expect(space.breach.dueAt).toBe(new Date(AWARE + 72 * HOUR).toISOString());
  });

  it("refuses a notice with errors, naming each field", async () => {
    const space = await regulatorNoticeWorkspace(db, officerA(), { breachId: breachA });
    const sections = completed(space.prefill);
    const bad = {
      ...sections,
      contacts: { ...sections.contacts, email: "geen adres" },
      breach: { ...sections.breach, summary: "  " },
      dataSubjects: { ...sections.dataSubjects, countMax: 3 },
    };
    const refusal = await problemOf(() =>
      submitRegulatorNotice(db, officerA(), {
        breachId: breachA,
        phase: "initial",
        sections: bad,
        now: new Date(AWARE + 10 * HOUR),
      }),
    );
    expect(refusal.code).toBe("invalid");
    expect(refusal.problems.map((p) => p.path).sort()).toEqual([
      "sections.breach.summary",
      "sections.contacts.email",
      "sections.dataSubjects.countMax",
    ]);
  });

  it("refuses a late initial notice without reasons, takes it with them, then a supplement and a withdrawal", async () => {
    const space = await regulatorNoticeWorkspace(db, officerA(), { breachId: breachA });
    const sections = completed(space.prefill);
    const late = new Date(AWARE + 80 * HOUR);
    const refusal = await problemOf(() =>
      submitRegulatorNotice(db, officerA(), { breachId: breachA, phase: "initial", sections, now: late }),
    );
    expect(refusal.problems.map((p) => p.path)).toEqual(["delayReasons"]);
    const initial = await submitRegulatorNotice(db, officerA(), {
      breachId: breachA,
      phase: "initial",
      sections,
      delayReasons: "Het onderzoek naar de omvang duurde langer.",
      now: late,
    });
    expect(initial).toMatchObject({ number: 1, phase: "initial", late: true, refersTo: null });
    expect((await breaches.get(db.db, orgA, breachA))?.authorityNotifiedAt?.toISOString()).toBe(
      late.toISOString(),
    );
    const again = await problemOf(() =>
      submitRegulatorNotice(db, officerA(), { breachId: breachA, phase: "initial", sections, now: late }),
    );
    expect(again.code).toBe("conflict");
    const supplement = await submitRegulatorNotice(db, officerA(), {
      breachId: breachA,
      phase: "supplement",
      sections: { ...sections, about: { ...sections.about, complete: true } },
      now: new Date(AWARE + 100 * HOUR),
    });
    expect(supplement).toMatchObject({ number: 2, phase: "supplement", refersTo: 1, late: false });
    const withdrawal = await submitRegulatorNotice(db, officerA(), {
      breachId: breachA,
      phase: "withdrawal",
      sections: { reason: "Het bleek een test te zijn." },
      now: new Date(AWARE + 120 * HOUR),
    });
    expect(withdrawal).toMatchObject({ number: 3, phase: "withdrawal", refersTo: 1 });
    const after = await problemOf(() =>
      submitRegulatorNotice(db, officerA(), { breachId: breachA, phase: "supplement", sections }),
    );
    expect(after.code).toBe("conflict");
    expect((await regulatorNoticeWorkspace(db, officerA(), { breachId: breachA })).next.phase).toBeNull();
  });

  it("exports a notice as JSON and as a PDF with every section, and finds no other organisation's", async () => {
    const report = await regulatorNoticeExport(db, officerA(), { breachId: breachA, number: 1 });
    expect(report).toMatchObject({
      format: "lekwijzer-regulator-notice/1",
      organisation: "Voorbeeld Telecom BV",
      notice: { number: 1, phase: "initial", delayReasons: "Het onderzoek naar de omvang duurde langer." },
    });
    const nl = await pdfText(await regulatorNoticePdf(report, "nl"));
    for (const heading of ["Over de melding", "Contactgegevens", "Tijdlijn", "Betrokkenen", "Vervolg"])
      expect(nl).toContain(heading);
    expect(nl).toContain("Redenen voor de vertraging");
    expect(nl).toContain("IBAN");
    const en = await pdfText(await regulatorNoticePdf(report, "en"));
    expect(en).toContain("Protection before the breach");
    const other = operatorActor("os:b", orgB);
    expect(
      (await problemOf(() => regulatorNoticeExport(db, other, { breachId: breachA, number: 1 }))).code,
    ).toBe("not-found");
  });

  it("keeps the NIS2 clock and a processor's notice to a controller", async () => {
    const at = new Date(AWARE + 30 * HOUR);
    const clock = await recordNis2(db, officerA(), {
      breachId: breachA,
      applies: true,
      sent: { "early-warning": new Date(AWARE + 20 * HOUR) },
      now: at,
    });
    expect(clock.applies).toBe(true);
    expect(clock.reports.map((r) => [r.report, r.sentAt !== null, r.overdue])).toEqual([
      ["early-warning", true, false],
      ["incident-notice", false, false],
      ["final-report", false, false],
    ]);
    const refused = await problemOf(() =>
      addControllerNotice(db, officerA(), {
        breachId: breachA,
        controllerName: "",
        controllerContact: "",
        decide: "",
      }),
    );
    expect(refused.problems.map((p) => p.path)).toEqual(["controllerName", "controllerContact", "decide"]);
    const notice = await addControllerNotice(db, officerA(), {
      breachId: breachA,
      controllerName: "Gemeente Voorbeeld",
      controllerContact: "privacy@gemeente.example",
      decide: "Of u het datalek zelf meldt en de inwoners informeert.",
    });
    const exported = await controllerNoticeExport(db, officerA(), { breachId: breachA, id: notice.id });
    expect(exported).toMatchObject({
      format: "lekwijzer-controller-notice/1",
      controller: { name: "Gemeente Voorbeeld" },
      breach: { subjects: 6_200_000, risk: "high" },
    });
    expect(exported.breach.categories).toContain("iban");
  });

  it("exports a controller notice as a PDF holding what the controller must decide, audited, for its own organisation only", async () => {
    const notice = await addControllerNotice(db, officerA(), {
      breachId: breachA,
      controllerName: "Waterschap Voorbeeld",
      controllerContact: "fg@waterschap.example",
      decide: "Of u het datalek meldt bij de Autoriteit Persoonsgegevens.",
    });
    const report = await controllerNoticeExport(db, officerA(), {
      breachId: breachA,
      id: notice.id,
      format: "pdf",
    });
    const nl = await pdfText(await controllerNoticePdf(report, "nl"));
    for (const text of [
      "Melding datalek aan verwerkingsverantwoordelijke",
      "Voorbeeld Telecom BV",
      "Waterschap Voorbeeld",
      "fg@waterschap.example",
      "Wat u moet beslissen",
      "Of u het datalek meldt bij de Autoriteit Persoonsgegevens.",
      "IBAN",
      "6.200.000",
      "hoog risico",
      "Melden bij de toezichthouder nodig: ja",
    ])
      expect(nl).toContain(text);
    const en = await pdfText(await controllerNoticePdf(report, "en"));
    expect(en).toContain("What you must decide");
    expect(en).toContain("Informing the people needed: yes");
    const entries = await db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "controller-notice.exported")
      .execute();
    expect(entries.map((e) => e.details)).toContainEqual({ id: notice.id, format: "pdf" });
    // Another organisation finds neither the breach nor the notice through its own breach.
    const other = operatorActor("os:b", orgB);
    for (const input of [
      { breachId: breachA, id: notice.id },
      { breachId: breachB, id: notice.id },
    ])
      expect((await problemOf(() => controllerNoticeExport(db, other, input))).code).toBe("not-found");
  });

  it("lets the regulator read every organisation's notices, and no organisation's staff", async () => {
    const space = await regulatorNoticeWorkspace(db, operatorActor("os:b", orgB), { breachId: breachB });
    await submitRegulatorNotice(db, operatorActor("os:b", orgB), {
      breachId: breachB,
      phase: "initial",
      sections: completed(space.prefill),
      now: new Date(AWARE + 5 * HOUR),
    });
    const all = await listOversightNotices(db, regulator);
    expect(new Set(all.notices.map((n) => n.organisationName))).toEqual(
      new Set(["Voorbeeld Telecom BV", "Gemeente Voorbeeld"]),
    );
    const onlyB = await listOversightNotices(db, regulator, { organisationId: orgB });
    expect(onlyB.notices.map((n) => n.breachId)).toEqual([breachB]);
    expect((await listOversightNotices(db, regulator, { late: true })).notices.map((n) => n.number)).toEqual([
      1,
    ]);
    expect((await listOversightNotices(db, regulator, { phase: "withdrawal" })).notices).toHaveLength(1);
    const staffOfA = staffActor({
      id: "a-admin",
      organisationId: orgA,
      roles: ["organisation-admin", "editor"],
    });
    for (const actor of [
      staffOfA,
      officerA(),
      keyActor({ holder: "K", organisationId: orgA, scope: "admin" }),
    ]) {
      expect((await problemOf(() => listOversightNotices(db, actor))).code).toBe("forbidden");
      expect((await problemOf(() => oversightBreach(db, actor, { breachId: breachB }))).code).toBe(
        "forbidden",
      );
      expect((await problemOf(() => oversightAlerts(db, actor))).code).toBe("forbidden");
    }
    const seen = await oversightBreach(db, regulator, { breachId: breachA });
    expect(seen.breach.organisationName).toBe("Voorbeeld Telecom BV");
    expect(seen.notices.map((n) => n.phase)).toEqual(["initial", "supplement", "withdrawal"]);
    expect(seen.hours.regulatorNotice).toBe(80);
    expect(seen.nis2?.applies).toBe(true);
  });

  it("alerts on a high-risk breach without a victim notice after the configured time, not before", async () => {
    const fresh = await createBreach(db, operatorActor("os:b", orgB), {
      facts: { ...FACTS, awareAt: "2026-03-01T09:00:00+01:00" },
    });
    const aware = fresh.awareAt.getTime();
    const about = async (now: number, hours?: number) =>
      (
        await oversightAlerts(db, regulator, {
          now: new Date(now),
          ...(hours !== undefined ? { victimNoticeAfterHours: hours } : {}),
        })
      )
        .filter((a) => a.breachId === fresh.id)
        .map((a) => a.kind)
        .sort();
    expect(await about(aware + 71 * HOUR)).toEqual([]);
    expect(await about(aware + 73 * HOUR)).toEqual(["no-notice-after-72h", "victims-not-told"]);
    expect(await about(aware + 9 * HOUR, 10)).toEqual([]);
    expect(await about(aware + 11 * HOUR, 10)).toEqual(["victims-not-told"]);
    await breaches.updateStatus(db.db, orgB, fresh.id, "informed", new Date(aware + 12 * HOUR));
    expect(await about(aware + 73 * HOUR)).toEqual(["no-notice-after-72h"]);
  });

  it("counts people reached per channel and unreachable from the deliveries", async () => {
    const breach = await createBreach(db, operatorActor("os:b", orgB), { facts: FACTS });
    await victims.insertBatch(db.db, db.keys, breach.id, [
      { externalId: "p1", email: "p1@example.org" },
      { externalId: "p2", email: "p2@example.org" },
      { externalId: "p3", phone: "+31612345678" },
      { externalId: "p4", email: "p4@example.org" },
    ]);
    const campaign = await campaigns.create(db.db, orgB, {
      breachId: breach.id,
      kind: "first-notice",
      selection: {},
      createdBy: "test",
    });
    await deliveries.populate(db.db, db.keys, campaign);
    await campaigns.changeStatus(db.db, orgB, campaign.id, { from: "draft", to: "running" });
    const claimed = await deliveries.claim(db.db, campaign.id, "w1", 10);
    const sentAt = new Date(breach.awareAt.getTime() + 30 * HOUR);
    await deliveries.recordOutcomes(
      db.db,
      "w1",
      claimed.map((row, i) => ({
        id: row.id,
        status: i === 3 ? ("unreachable" as const) : ("sent" as const),
        channels: i === 2 ? ["sms"] : ["email"],
        channelIndex: 0,
        attempts: 1,
        notBefore: new Date(),
        providerId: null,
        lastError: null,
        history: [],
        ...(i === 3 ? {} : { sentAt: new Date(sentAt.getTime() + i * HOUR) }),
      })),
    );
    const seen = await oversightBreach(db, regulator, { breachId: breach.id });
    expect(seen.people).toEqual({
      victims: 4,
      addressed: 4,
      reached: 3,
      unreachable: 1,
      byChannel: [
        { channel: "email", reached: 2, share: 0.5 },
        { channel: "sms", reached: 1, share: 0.25 },
      ],
    });
    expect(seen.hours).toMatchObject({ firstVictimNotice: 30, lastVictimNotice: 32 });
    expect(seen.breach.publicPage).toBe(false);
    expect(seen.timeline.map((s) => s.event)).toEqual(["aware", "first-victim-notice", "last-victim-notice"]);
  });
});
