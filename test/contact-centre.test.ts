/**
 * The contact centre (issue 17), on both engines, through its operations and the console's routes with real
 * staff log-ins: an agent finds a caller by personal code or a message's verification code; by e-mail or phone
 * only after the caller read back the code sent there (a wrong code refused, tries limited, and the same answer
 * whether or not the address is in the file); another organisation's caller is never found; editors and
 * approvers cannot look callers up; every look-up is audited without the code or the address; a resend issues a
 * new personal code and the old one no longer opens "Mijn plan"; a printed letter is queued; a phishing report
 * is recorded; a handle works only for the agent and session that made it; an open proof and the phishing
 * reports survive a key rotation that retires the old secret, and a message's verification code finds the caller
 * during it.
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalCode, generateCode } from "../src/core/codes.ts";
import type { EmailArtefact, Receipt, SmsArtefact } from "../src/delivery/providers.ts";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { confirmCallerProof, findCallerByCode, startCallerProof } from "../src/operations/contact-centre.ts";
import { orderLetter, recordCallerPhishing, resendNotice } from "../src/operations/contact-centre-actions.ts";
import { sendCallerProofs } from "../src/operations/contact-centre-proof.ts";
import { callerView } from "../src/operations/contact-centre-view.ts";
import { OperationProblem } from "../src/operations/context.ts";
import { listPhishingReports } from "../src/operations/phishing-reports.ts";
import { openPlan } from "../src/operations/portal-plan.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { breaches, campaigns, createKeyring, organisations, rotation, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SESSION = "agent-session-0123456789";
const ANNA = { email: "anna.jansen@example.org", phone: "+31612345678" };
const ADDRESS = { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" };

/** The six-digit code in a proof message. */
const codeIn = (text: string) => /Uw code is (\d{6})/.exec(text)?.[1] ?? "";

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof OperationProblem) return error.code;
    throw error;
  }
}

for (const engine of engineCases()) {
  describe(`contact centre on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `${engine}`);
    const person = staff.add;
    const signIn = staff.signIn;
    let app: FastifyInstance;
    let orgA = "";
    let orgB = "";
    let breachA = "";
    let breachB = "";
    let campaignA = "";
    const codes = new Map<string, string>();
    let verification = "";
    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" });
    const sent: { email: string[]; sms: SmsArtefact[] } = { email: [], sms: [] };
    const channels = {
      email: {
        channel: "email" as const,
        async send(artefact: EmailArtefact): Promise<Receipt> {
          sent.email.push(String(artefact.raw));
          return { outcome: "sent", providerId: `m${sent.email.length}` };
        },
      },
      sms: {
        channel: "sms" as const,
        async send(artefact: SmsArtefact): Promise<Receipt> {
          sent.sms.push(artefact);
          return { outcome: "sent", providerId: `s${sent.sms.length}` };
        },
      },
    };

    const actorOf = staff.actor;

    const post = (url: string, cookie: string, fields: Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams(fields).toString(),
      });

    /** A proof's code as the caller would read it from the message that reached them. */
    async function proofCode(): Promise<string> {
      const before = sent.email.length + sent.sms.length;
      await sendCallerProofs(ctx(), channels);
      const last = sent.email.length + sent.sms.length > before ? (sent.sms.at(-1)?.text ?? "") : "";
      const mail = sent.email.at(-1) ?? "";
      return codeIn(last) || codeIn(mail);
    }

    async function auditRows(): Promise<string[]> {
      const rows = await db.db.selectFrom("audit_log").selectAll().execute();
      return rows.map((row) => JSON.stringify(row));
    }

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: `cc-a-${engine}`, name: "Organisatie A" })).id;
      orgB = (await organisations.create(db.db, { slug: `cc-b-${engine}`, name: "Organisatie B" })).id;
      const facts = SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string };
      breachA = (
        await breaches.create(db.db, {
          organisationId: orgA,
          slug: "lek-a",
          title: "Klantgegevens gestolen",
          facts,
        })
      ).id;
      breachB = (
        await breaches.create(db.db, { organisationId: orgB, slug: "lek-b", title: "Lek bij B", facts })
      ).id;
      await setProfile(ctx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      const a = await victims.insertBatch(
        db.db,
        db.keys,
        breachA,
        [
          { externalId: "anna", name: "Anna Jansen", ...ANNA, address: ADDRESS, language: "nl" },
          { externalId: "piet", name: "Piet Bakker", email: "piet@example.org", language: "nl" },
        ],
        { issueCodes: true },
      );
      const b = await victims.insertBatch(
        db.db,
        db.keys,
        breachB,
        [{ externalId: "bo", email: "bo@example.org", phone: "+31687654321", language: "nl" }],
        { issueCodes: true },
      );
      for (const [id, code] of [...(a.codes ?? []), ...(b.codes ?? [])]) codes.set(id, code);
      // Anna's first notice went out by e-mail and the campaign is done.
      campaignA = (
        await campaigns.create(db.db, orgA, {
          breachId: breachA,
          kind: "first-notice",
          selection: {},
          createdBy: "test",
        })
      ).id;
      await db.db.updateTable("campaigns").set({ status: "done" }).where("id", "=", campaignA).execute();
      verification = generateCode();
      const anna = await victims.getByExternalId(db.db, db.keys, breachA, "anna");
      await db.db
        .insertInto("deliveries")
        .values({
          campaign_id: campaignA,
          victim_id: anna?.id ?? 0,
          status: "delivered",
          channels: ["email"],
          channel: "email",
          verification_digest: db.keys.lookupHash("verification-code", canonicalCode(verification)),
          sent_at: new Date("2026-12-01T10:00:00Z"),
          delivered_at: new Date("2026-12-01T10:01:00Z"),
        })
        .execute();
      await person("kees", orgA, ["contact-centre"]);
      await person("karin", orgA, ["contact-centre"]);
      await person("eva", orgA, ["editor"]);
      await person("aart", orgA, ["approver"]);
      await person("olga", orgA, ["organisation-admin"]);
      await person("bert", orgB, ["contact-centre"]);
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        store: { db: db.db, keys: db.keys },
      });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
    });

    it("finds a caller by personal code and by a message's verification code, within the organisation", async () => {
      const kees = actorOf("kees");
      const byCode = await findCallerByCode(ctx(), kees, {
        method: "personal-code",
        code: (codes.get("anna") ?? "").toLowerCase(),
        session: SESSION,
      });
      expect(byCode?.breachId).toBe(breachA);
      const byVerification = await findCallerByCode(ctx(), kees, {
        method: "verification-code",
        code: verification,
        session: SESSION,
      });
      expect(byVerification?.victimId).toBe(byCode?.victimId);
      const view = await callerView(ctx(), kees, { handle: byCode?.handle ?? "", session: SESSION });
      expect(view.masked.email).toBe("a***@e***.org");
      expect(view.deliveries[0]).toMatchObject({ channel: "email", status: "delivered" });
      expect(view.categories.length).toBeGreaterThan(0);
      expect(view.steps.length).toBeGreaterThanOrEqual(3);
      expect(view.steps.length).toBeLessThanOrEqual(5);
      expect(view.script.map((part) => part.title.nl)).toEqual([
        "Wat is er gebeurd",
        "Wat is er van u gelekt",
        "Wat kunt u het beste doen",
        "Waar krijgt u hulp",
        "Hoe herkent u een echt bericht",
      ]);
      // The script is read to the caller: B1, checked as the framework's own texts are.
      for (const part of view.script)
        for (const line of part.lines)
          expect(
            checkPlainLanguage(line.nl).findings.filter((f) => f.severity === "block"),
            line.nl,
          ).toEqual([]);
      // The organisation administrator may look up too.
      expect(
        await findCallerByCode(ctx(), actorOf("olga"), {
          method: "personal-code",
          code: codes.get("anna") ?? "",
          session: SESSION,
        }),
      ).toBeDefined();
    });

    it("never finds another organisation's caller, by any method", async () => {
      const kees = actorOf("kees");
      expect(
        await findCallerByCode(ctx(), kees, {
          method: "personal-code",
          code: codes.get("bo") ?? "",
          session: SESSION,
        }),
      ).toBeUndefined();
      expect(
        await findCallerByCode(ctx(), actorOf("bert"), {
          method: "verification-code",
          code: verification,
          session: SESSION,
        }),
      ).toBeUndefined();
      expect(
        await findCallerByCode(ctx(), actorOf("bert"), {
          method: "personal-code",
          code: codes.get("anna") ?? "",
          session: SESSION,
        }),
      ).toBeUndefined();
      // A proof for another organisation's breach is refused as an unknown breach.
      const foreign = await outcome(() =>
        startCallerProof(ctx(), kees, {
          breachId: breachB,
          channel: "email",
          address: "bo@example.org",
          session: SESSION,
        }),
      );
      expect(foreign).toBe("invalid");
    });

    it("refuses editors, approvers and platform roles before anything is looked up", async () => {
      for (const name of ["eva", "aart"]) {
        const actor = actorOf(name);
        expect(
          await outcome(() =>
            findCallerByCode(ctx(), actor, {
              method: "personal-code",
              code: codes.get("anna") ?? "",
              session: SESSION,
            }),
          ),
        ).toBe("forbidden");
        expect(
          await outcome(() =>
            startCallerProof(ctx(), actor, {
              breachId: breachA,
              channel: "email",
              address: ANNA.email,
              session: SESSION,
            }),
          ),
        ).toBe("forbidden");
      }
      const editor = await signIn("eva");
      expect(
        (await app.inject({ url: "/console/contact", headers: { cookie: editor.cookie } })).statusCode,
      ).toBe(403);
      const lookup = await post("/console/contact", editor.cookie, {
        formulier: editor.token,
        methode: "personal-code",
        code: codes.get("anna") ?? "",
      });
      expect(lookup.statusCode).toBe(403);
    });

    it("finds by e-mail only after the caller reads the code back; wrong codes are refused and limited", async () => {
      const karin = actorOf("karin");
      const { proofId } = await startCallerProof(ctx(), karin, {
        breachId: breachA,
        channel: "email",
        address: " Anna.Jansen@Example.org ",
        session: SESSION,
      });
      const code = await proofCode();
      expect(code).toMatch(/^\d{6}$/);
      expect(sent.email.at(-1)).toContain("anna.jansen@example.org");
      const wrong = code === "000000" ? "111111" : "000000";
      expect(await confirmCallerProof(ctx(), karin, { proofId, code: wrong, session: SESSION })).toEqual({
        outcome: "wrong-code",
        triesLeft: 4,
      });
      // Another agent, or the same agent in another session, cannot use the proof.
      expect(await confirmCallerProof(ctx(), actorOf("kees"), { proofId, code, session: SESSION })).toEqual({
        outcome: "ended",
      });
      expect(await confirmCallerProof(ctx(), karin, { proofId, code, session: `${SESSION}-other` })).toEqual({
        outcome: "ended",
      });
      const right = await confirmCallerProof(ctx(), karin, { proofId, code, session: SESSION });
      expect(right.outcome).toBe("found");
      // Used once: the same code does not find again.
      expect(await confirmCallerProof(ctx(), karin, { proofId, code, session: SESSION })).toEqual({
        outcome: "ended",
      });

      // Five wrong tries end a proof; the right code after that finds nobody.
      const second = await startCallerProof(ctx(), karin, {
        breachId: breachA,
        channel: "sms",
        address: "06 12345678",
        session: SESSION,
      });
      const smsCode = await proofCode();
      expect(sent.sms.at(-1)?.to).toBe(ANNA.phone);
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push(
          (
            await confirmCallerProof(ctx(), karin, {
              proofId: second.proofId,
              code: smsCode === "123456" ? "654321" : "123456",
              session: SESSION,
            })
          ).outcome,
        );
      expect(answers).toEqual(["wrong-code", "wrong-code", "wrong-code", "wrong-code", "ended"]);
      expect(
        await confirmCallerProof(ctx(), karin, { proofId: second.proofId, code: smsCode, session: SESSION }),
      ).toEqual({ outcome: "ended" });
    });

    it("answers a non-victim's address exactly like a victim's until the code is read back", async () => {
      const agent = await signIn("olga");
      const ask = (address: string) =>
        post("/console/contact/bewijs", agent.cookie, {
          formulier: agent.token,
          datalek: breachA,
          kanaal: "email",
          adres: address,
        });
      const victim = await ask("piet@example.org");
      const stranger = await ask("niemand@example.org");
      expect(victim.statusCode).toBe(200);
      expect(stranger.statusCode).toBe(victim.statusCode);
      const strip = (body: string) => body.replace(/name="bewijs" value="[^"]+"/, "");
      expect(strip(stranger.body)).toBe(strip(victim.body));
      await sendCallerProofs(ctx(), channels);
      const mails = sent.email.slice(-2);
      expect(mails.map((m) => m.includes("Uw code is"))).toEqual([true, true]);
      // Read back, the stranger's right code finds nobody (the caller themselves may hear that).
      const strangerProof = /name="bewijs" value="([^"]+)"/.exec(stranger.body)?.[1] ?? "";
      const strangerMail = mails.find((m) => m.includes("niemand@example.org")) ?? "";
      const answer = await post("/console/contact/bewijs/code", agent.cookie, {
        formulier: agent.token,
        bewijs: strangerProof,
        code: codeIn(strangerMail),
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toContain("staat niet in het bestand");
      // The victim's right code opens the caller view; nothing of it is in a URL.
      const victimProof = /name="bewijs" value="([^"]+)"/.exec(victim.body)?.[1] ?? "";
      const victimMail = mails.find((m) => m.includes("piet@example.org")) ?? "";
      const found = await post("/console/contact/bewijs/code", agent.cookie, {
        formulier: agent.token,
        bewijs: victimProof,
        code: codeIn(victimMail),
      });
      expect(found.statusCode).toBe(200);
      expect(found.body).toContain("Belscript");
      expect(found.body).not.toContain("piet@example.org");
      expect(found.body).not.toMatch(/action="[^"]*\?/);
    });

    it("writes every look-up to the audit log without the code or the address", async () => {
      const rows = await auditRows();
      const lookups = rows.filter(
        (row) => row.includes('"caller.find"') || row.includes('"caller.proof-sent"'),
      );
      expect(lookups.length).toBeGreaterThan(8);
      expect(lookups.some((row) => row.includes("not-found"))).toBe(true);
      expect(lookups.some((row) => row.includes("wrong-code"))).toBe(true);
      expect(lookups.some((row) => row.includes(breachA))).toBe(true);
      for (const secret of [
        codes.get("anna") ?? "",
        canonicalCode(codes.get("anna") ?? ""),
        verification,
        ANNA.email,
        "anna.jansen",
        "612345678",
        "piet@example.org",
        "niemand@example.org",
      ])
        for (const row of rows) expect(row, `audit row holds ${secret}`).not.toContain(secret);
    });

    it("resends with a new personal code: the old one no longer opens Mijn plan", async () => {
      const kees = actorOf("kees");
      const oldCode = codes.get("anna") ?? "";
      expect((await openPlan(ctx(), oldCode)).ok).toBe(true);
      const found = await findCallerByCode(ctx(), kees, {
        method: "personal-code",
        code: oldCode,
        session: SESSION,
      });
      const handle = { handle: found?.handle ?? "", session: SESSION };
      expect(await outcome(() => resendNotice(ctx(), kees, { ...handle, channel: "fax" }))).toBe("invalid");
      await resendNotice(ctx(), kees, { ...handle, channel: "sms" });
      expect((await openPlan(ctx(), oldCode)).ok).toBe(false);
      const anna = await victims.getByExternalId(db.db, db.keys, breachA, "anna");
      expect(anna?.personalCode).not.toBe(oldCode);
      expect((await openPlan(ctx(), anna?.personalCode ?? "")).ok).toBe(true);
      const view = await callerView(ctx(), kees, handle);
      expect(view.deliveries[0]).toMatchObject({ channel: "sms", status: "queued" });
      const campaign = await db.db
        .selectFrom("campaigns")
        .select("status")
        .where("id", "=", campaignA)
        .executeTakeFirst();
      expect(campaign?.status).toBe("running");
      // Queued again already: a second resend waits for this one.
      expect(await outcome(() => resendNotice(ctx(), kees, { ...handle, channel: "email" }))).toBe(
        "conflict",
      );
    });

    it("queues a printed letter once, and records a phishing report for the caller's breach", async () => {
      const kees = actorOf("kees");
      const anna = await victims.getByExternalId(db.db, db.keys, breachA, "anna");
      const found = await findCallerByCode(ctx(), kees, {
        method: "personal-code",
        code: anna?.personalCode ?? "",
        session: SESSION,
      });
      const handle = { handle: found?.handle ?? "", session: SESSION };
      expect(await orderLetter(ctx(), kees, handle)).toEqual({ created: true });
      expect(await orderLetter(ctx(), kees, handle)).toEqual({ created: false });
      const letters = await db.db
        .selectFrom("portal_requests")
        .select(["kind", "status"])
        .where("victim_id", "=", anna?.id ?? 0)
        .execute();
      expect(letters).toEqual([{ kind: "printed-letter", status: "open" }]);
      const invalid = await outcome(() =>
        recordCallerPhishing(ctx(), kees, {
          ...handle,
          report: { channel: "sms", sender: "", receivedOn: "gisteren", receivedTime: "", text: "" },
        }),
      );
      expect(invalid).toBe("invalid");
      await recordCallerPhishing(ctx(), kees, {
        ...handle,
        report: {
          channel: "sms",
          sender: "+3197010203040",
          receivedOn: new Date().toISOString().slice(0, 10),
          receivedTime: "",
          text: "Uw pakket wacht. Betaal 1,99 euro via de link.",
        },
      });
      const reports = await listPhishingReports(ctx(), operatorActor("os:test", orgA), { breachId: breachA });
      expect(reports.total).toBe(1);
      // A handle is the agent's and the session's own.
      expect(await outcome(() => callerView(ctx(), actorOf("karin"), handle))).toBe("not-found");
      expect(await outcome(() => callerView(ctx(), kees, { ...handle, session: `${SESSION}-other` }))).toBe(
        "not-found",
      );
    });

    it("shows the caller view and takes its actions through the console, keeping what was typed", async () => {
      const agent = await signIn("kees");
      const page = await app.inject({ url: "/en/console/contact", headers: { cookie: agent.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Contact centre: find a caller");
      const unknown = await post("/console/contact", agent.cookie, {
        formulier: agent.token,
        methode: "personal-code",
        code: "abc",
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('value="abc"');
      expect(unknown.body).toContain('href="#persoonlijke-code"');
      const anna = await victims.getByExternalId(db.db, db.keys, breachA, "anna");
      const view = await post("/console/contact", agent.cookie, {
        formulier: agent.token,
        methode: "personal-code",
        code: anna?.personalCode ?? "",
      });
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain("Belscript");
      expect(view.body).not.toContain(anna?.personalCode ?? "-");
      const handle = /name="handle" value="([^"]+)"/.exec(view.body)?.[1] ?? "";
      const failed = await post("/console/contact/beller", agent.cookie, {
        formulier: agent.token,
        handle,
        actie: "phishing",
        soort: "email",
        afzender: "nep@example.com",
        ontvangen: "geen datum",
        tekst: "Klik hier om uw geld terug te krijgen.",
      });
      expect(failed.statusCode).toBe(400);
      expect(failed.body).toContain('href="#ontvangen"');
      expect(failed.body).toContain("Klik hier om uw geld terug te krijgen.");
      expect(failed.body).toContain('value="nep@example.com"');
      const ended = await post("/console/contact/beller", agent.cookie, {
        formulier: agent.token,
        handle: "x".repeat(43),
        actie: "letter",
      });
      expect(ended.statusCode).toBe(404);
      const noToken = await post("/console/contact/beller", agent.cookie, { handle, actie: "letter" });
      expect(noToken.statusCode).toBe(403);
    });

    // Last: it moves the data to a new key.
    it("keeps open proofs and phishing reports working across a key rotation, once only the new secret is left", async () => {
      const kees = actorOf("kees");
      const ask = async (channel: "email" | "sms", address: string) => {
        const { proofId } = await startCallerProof(ctx(), kees, {
          breachId: breachA,
          channel,
          address,
          session: SESSION,
        });
        await sendCallerProofs(ctx(), channels);
        const message = channel === "sms" ? (sent.sms.at(-1)?.text ?? "") : (sent.email.at(-1) ?? "");
        return { proofId, code: codeIn(message), session: SESSION };
      };
      const duringSwitch = await ask("sms", ANNA.phone);
      const afterRotation = await ask("email", "piet@example.org");
      const secret = randomBytes(32);
      // Deployed with the new secret and the old one beside it: a proof made before still verifies.
      const both = { ...ctx(), keys: createKeyring(secret, [db.masterSecret]) };
      expect((await confirmCallerProof(both, kees, duringSwitch)).outcome).toBe("found");
      // So is a message sent before, by its verification code.
      const byMessage = await findCallerByCode(both, kees, {
        method: "verification-code",
        code: verification,
        session: SESSION,
      });
      expect(byMessage?.breachId).toBe(breachA);
      const report = await rotation.reencrypt(db.db, both.keys);
      expect(report.contactProofsResealed).toBeGreaterThanOrEqual(1);
      expect(report.phishingReportsResealed).toBeGreaterThanOrEqual(1);
      // The old secret retired: the open proof verifies, and the reports open.
      const onlyNew = { ...ctx(), keys: createKeyring(secret) };
      const answer = await confirmCallerProof(onlyNew, kees, afterRotation);
      expect(answer.outcome).toBe("found");
      const reports = await listPhishingReports(onlyNew, operatorActor("os:test", orgA), {
        breachId: breachA,
      });
      expect(reports.items.map((r) => r.text)).toContain("Uw pakket wacht. Betaal 1,99 euro via de link.");
    });
  });
}
