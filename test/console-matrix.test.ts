/**
 * The console route × role matrix: every console route the server registers (Dutch and English), requested
 * with no session and by a signed-in staff member of every role — the four roles of organisation A, a
 * regulator, a platform administrator — and by organisation B's administrator. The expected answer of each is
 * written out below from the roles' documented rights, not computed by the code under test, and the test fails
 * when the server gains a console route without a row here. Forms carry the session's form token, so what is
 * refused is refused for the role, not for the token. Organisation B's administrator never sees or changes
 * organisation A's staff (404, like a staff member that does not exist).
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ELEMENTS } from "../src/framework/index.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { closePreviewWorkers } from "../src/messages/workers/preview-worker.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { approvalPreview, checkCampaign, createCampaign } from "../src/operations/campaigns.ts";
import { startImport } from "../src/operations/imports.ts";
import { createKey } from "../src/operations/keys.ts";
import { addControllerNotice, submitRegulatorNotice } from "../src/operations/regulator-notices.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { createStaff } from "../src/operations/staff.ts";
import { staffCodeStep, staffPasswordStep } from "../src/operations/staff-login.ts";
import { saveTransparencyEntry } from "../src/operations/transparency.ts";
import { breaches, organisations, staffAccounts } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { listRoutes } from "../src/web/server.ts";

const PASSWORD = "oranje fiets slaapt buiten";
const ENTRY = {
  categories: ["name"],
  purpose: { nl: "Om u een rekening te sturen." },
  legalBasis: "b",
  retentionMonths: 24,
  retentionFrom: "relation-end",
};
/** A complete regulator notice, so the download rows have notice 1 to fetch. */
const NOTICE = {
  about: { organisationName: "Organisatie A", complete: true },
  contacts: { name: "Fien", email: "fg@example.org", phone: "+31 20 123 4567" },
  timeline: { awareAt: "2026-02-10T14:00:00+01:00", ongoing: false, discovery: "Melding van een klant." },
  breach: { summary: "Bestand gekopieerd.", nature: ["confidentiality"], cause: "Inbraak." },
  personalData: { categories: ["email"], special: false },
  dataSubjects: { countMin: 10, countMax: 20, groups: "klanten" },
  protection: { encrypted: false, pseudonymised: false },
  consequences: { risk: "risk", description: "Phishing." },
  followUp: { measures: "Wachtwoorden vervangen.", subjectsInformed: "yes", crossBorder: false },
};

type Who =
  | "none"
  | "organisation-admin"
  | "editor"
  | "approver"
  | "contact-centre"
  | "regulator"
  | "platform-admin"
  | "other-organisation-admin";
const WHO: readonly Who[] = [
  "none",
  "organisation-admin",
  "editor",
  "approver",
  "contact-centre",
  "regulator",
  "platform-admin",
  "other-organisation-admin",
];
/** ok: the page or the action's success; login: sent to log in; forbidden: 403; not-found: 404; refused: a form without a session (403). */
type Expected = "ok" | "login" | "forbidden" | "not-found" | "public";
const SIGNED_IN = WHO.filter((w) => w !== "none");
const ORGANISATION_A: readonly Who[] = ["organisation-admin", "editor", "approver", "contact-centre"];

const only = (
  allowed: readonly Who[],
  others: Expected,
  none: Expected,
  granted: Expected = "ok",
): Record<Who, Expected> =>
  Object.fromEntries(
    WHO.map((w) => [w, w === "none" ? none : allowed.includes(w) ? granted : others]),
  ) as Record<Who, Expected>;
/** Who has the contact role: the organisation's agents and administrators (B's administrator in B). */
const CONTACT: readonly Who[] = ["organisation-admin", "contact-centre", "other-organisation-admin"];

/** Each console route: how to call it, and what each caller gets. */
const MATRIX: Record<string, { request: RequestKind; expect: Record<Who, Expected> }> = {
  "GET /console": { request: "page", expect: only(SIGNED_IN, "forbidden", "login") },
  "GET /console/inloggen": { request: "page", expect: only(WHO, "ok", "public") },
  "POST /console/inloggen": { request: "login-form", expect: only(WHO, "ok", "public") },
  "GET /console/code": { request: "page", expect: only(SIGNED_IN, "ok", "login") },
  "POST /console/code": { request: "code-form", expect: only(SIGNED_IN, "ok", "forbidden") },
  "GET /console/code-instellen": { request: "page", expect: only(SIGNED_IN, "ok", "login") },
  "POST /console/code-instellen": { request: "code-form", expect: only(SIGNED_IN, "ok", "forbidden") },
  "POST /console/uitloggen": { request: "logout", expect: only(SIGNED_IN, "ok", "forbidden") },
  "GET /console/wachtwoord-vergeten": { request: "page", expect: only(WHO, "ok", "public") },
  "POST /console/wachtwoord-vergeten": { request: "forgot-form", expect: only(WHO, "ok", "public") },
  "GET /console/nieuw-wachtwoord": { request: "reset-page", expect: only(WHO, "ok", "public") },
  "POST /console/nieuw-wachtwoord": { request: "reset-form", expect: only(WHO, "ok", "public") },
  "GET /console/medewerkers": {
    request: "page",
    expect: only(["organisation-admin", "other-organisation-admin"], "forbidden", "login"),
  },
  "POST /console/medewerkers": {
    request: "add-staff",
    expect: { ...only(["organisation-admin", "other-organisation-admin"], "forbidden", "forbidden") },
  },
  "POST /console/medewerkers/:id/uitschakelen": {
    request: "disable-staff",
    expect: {
      ...only(["organisation-admin"], "forbidden", "forbidden"),
      "other-organisation-admin": "not-found",
    },
  },
  // Campaigns: every role of the organisation reads them; only the approver takes a step (here: approves a
  // campaign someone else created, with the digest shown). Platform roles have no organisation's campaigns.
  "GET /console/datalek/:id": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  // API keys and the audit log: organisation administrators (the platform's administrators read the log too).
  "GET /console/api-sleutels": {
    request: "page",
    expect: only(["organisation-admin", "other-organisation-admin"], "forbidden", "login"),
  },
  "POST /console/api-sleutels": {
    request: "add-key",
    expect: only(["organisation-admin", "other-organisation-admin"], "forbidden", "forbidden"),
  },
  "POST /console/api-sleutels/:id/intrekken": {
    request: "revoke-key",
    expect: {
      ...only(["organisation-admin"], "forbidden", "forbidden"),
      "other-organisation-admin": "not-found",
    },
  },
  "GET /console/logboek": {
    request: "page",
    expect: only(["organisation-admin", "other-organisation-admin", "platform-admin"], "forbidden", "login"),
  },
  // The evidence export: every role of the organisation (breach.evidence is a read).
  "GET /console/datalek/:id/bewijs.pdf": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "GET /console/datalek/:id/bewijs.json": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "GET /console/campagne/:id": {
    request: "campaign-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "POST /console/campagne/:id": {
    request: "campaign-step",
    // Organisation B's administrator lacks the approver role: refused for the role before any id is looked up,
    // so the answer says nothing of A's campaign (B's approver gets 404: test/console-campaigns.test.ts).
    expect: only(["approver"], "forbidden", "forbidden"),
  },
  // Breach pages: the editor (write) registers a breach, edits its facts and uploads its victims; every role of
  // the organisation reads the overview, the victims and the error reports. Refused for the role before any id
  // is looked up, so organisation B's administrator learns nothing of A's breach; where its role reads, A's
  // breach is not found.
  "GET /console/datalek/nieuw": { request: "page", expect: only(["editor"], "forbidden", "login") },
  "POST /console/datalek/nieuw": {
    request: "create-breach",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  "GET /console/datalek/:id/feiten": {
    request: "breach-page",
    expect: only(["editor"], "forbidden", "login"),
  },
  "POST /console/datalek/:id/feiten": {
    request: "facts-form",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  "GET /console/datalek/:id/slachtoffers": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "POST /console/datalek/:id/slachtoffers": {
    request: "upload",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  "GET /console/datalek/:id/slachtoffers/:importId/rapport": {
    request: "report",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  // Regulator notices: every role of the organisation reads the page and downloads a notice; only the editor
  // (write) takes its forms, refused for the role before the breach is looked up. Platform roles have none.
  "GET /console/datalek/:id/melding": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "POST /console/datalek/:id/melding": {
    request: "notice-form",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  "GET /console/datalek/:id/melding/:number/:format": {
    request: "notice-download",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "GET /console/datalek/:id/melding/verantwoordelijke/:noticeId/:format": {
    request: "notice-download",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  // Oversight: the regulator (and the platform administrator, who holds every role) reads across organisations;
  // an organisation's staff are refused for the role.
  "GET /console/toezicht": {
    request: "page",
    expect: only(["regulator", "platform-admin"], "forbidden", "login"),
  },
  "GET /console/toezicht/datalek/:id": {
    request: "breach-page",
    expect: only(["regulator", "platform-admin"], "forbidden", "login"),
  },
  // The message editor is the editor's (write): others, and anyone without a session, are refused before any
  // breach is looked up, so organisation B's administrator learns nothing of A's breach either.
  "GET /console/datalek/:id/berichten": {
    request: "breach-page",
    expect: only(["editor"], "forbidden", "login"),
  },
  "POST /console/datalek/:id/berichten": {
    request: "messages-form",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  // Updates and phishing reports: every role of the organisation reads them; only the editor writes.
  "GET /console/datalek/:id/updates": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "POST /console/datalek/:id/updates": {
    request: "update-form",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  "GET /console/datalek/:id/phishing": {
    request: "breach-page",
    expect: { ...only(ORGANISATION_A, "forbidden", "login"), "other-organisation-admin": "not-found" },
  },
  "POST /console/datalek/:id/phishing": {
    request: "warning-form",
    expect: only(["editor"], "forbidden", "forbidden"),
  },
  // The contact centre: agents and organisation administrators (the contact role) look callers up, each in
  // their own organisation; nobody else may. An ended or made-up look-up handle is not found.
  "GET /console/contact": {
    request: "page",
    expect: only(CONTACT, "forbidden", "login"),
  },
  "POST /console/contact": { request: "contact-lookup", expect: only(CONTACT, "forbidden", "forbidden") },
  "POST /console/contact/bewijs": {
    request: "contact-proof",
    expect: only(CONTACT, "forbidden", "forbidden"),
  },
  "POST /console/contact/bewijs/code": {
    request: "contact-proof-code",
    expect: only(CONTACT, "forbidden", "forbidden"),
  },
  "POST /console/contact/beller": {
    request: "contact-action",
    expect: only(CONTACT, "forbidden", "forbidden", "not-found"),
  },
  // The transparency register (K16): everyone of an organisation reads their own (B's administrator reads B's);
  // only the organisation administrator changes and publishes it. B's administrator opening or changing an
  // entry of A finds nothing. Platform roles have no organisation's register.
  "GET /console/persoonsgegevens": {
    request: "page",
    expect: only([...ORGANISATION_A, "other-organisation-admin"], "forbidden", "login"),
  },
  "POST /console/persoonsgegevens": {
    request: "transparency-form",
    expect: {
      ...only(["organisation-admin"], "forbidden", "forbidden"),
      "other-organisation-admin": "not-found",
    },
  },
  "GET /console/persoonsgegevens/voorbeeld": {
    request: "page",
    expect: only([...ORGANISATION_A, "other-organisation-admin"], "forbidden", "login"),
  },
};

/** The posted fields of the editor's forms: a preview of the message, a draft update, a phishing warning. */
const FORMS: Record<"messages-form" | "update-form" | "warning-form", Record<string, string>> = {
  "messages-form": {
    actie: "voorbeeld",
    ...Object.fromEntries(
      Object.entries(SAMPLE_TEXTS)
        .filter(([id]) => id !== "updateNews")
        .flatMap(([id, text]) => [
          [`tekst-${id}-nl`, text.nl],
          [`tekst-${id}-en`, text.en],
        ]),
    ),
    ...Object.fromEntries(
      ELEMENTS.flatMap((e) => [
        [`element-${e.id}-nl`, e.template.nl],
        [`element-${e.id}-en`, e.template.en],
      ]),
    ),
  },
  "update-form": { actie: "opslaan", "titel-nl": "Nieuws", "tekst-nl": "Wij weten nu meer." },
  "warning-form": { actie: "waarschuwen", "tekst-nl": "Wij sturen nooit een sms over uw rekening." },
};

/** A breach's facts as the console's form posts them (valid: the editor's post stores them). */
const FACTS_FORM = (token: string) => ({
  formulier: token,
  titel: "Matrix",
  "bewust-datum": "2026-12-01",
  "bewust-tijd": "10:00",
  "bewust-zone": "+01:00",
  aard: "confidentiality",
  kwaadwillig: "nee",
  rijen: "1",
  "gegevens-0-categorie": "name",
});

type RequestKind =
  | "page"
  | "login-form"
  | "code-form"
  | "logout"
  | "forgot-form"
  | "reset-page"
  | "reset-form"
  | "add-staff"
  | "disable-staff"
  | "add-key"
  | "revoke-key"
  | "breach-page"
  | "campaign-page"
  | "campaign-step"
  | "create-breach"
  | "facts-form"
  | "upload"
  | "report"
  | "notice-form"
  | "notice-download"
  | "messages-form"
  | "update-form"
  | "warning-form"
  | "contact-lookup"
  | "contact-proof"
  | "contact-proof-code"
  | "contact-action"
  | "transparency-form";

for (const engine of engineCases()) {
  describe(`console routes × roles on ${engine}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let orgA = "";
    let orgB = "";
    let serial = 0;
    let breachA = "";
    let importA = "";
    let controllerNoticeA = "";
    // The server's context: the plan address is part of what an approval covers.
    const storeCtx = () => ({ db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" });
    /** A checked campaign of organisation A made by someone else than every caller. */
    async function checkedCampaign(): Promise<string> {
      const creator = operatorActor("os:creator", orgA);
      const campaign = await createCampaign(storeCtx(), creator, {
        breachId: breachA,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(storeCtx(), creator, { campaignId: campaign.id });
      return campaign.id;
    }
    const accounts = new Map<Who, { id: string; email: string; secret: string }>();

    async function account(who: Exclude<Who, "none">): Promise<void> {
      const organisationId =
        who === "other-organisation-admin"
          ? orgB
          : who === "regulator" || who === "platform-admin"
            ? null
            : orgA;
      const role = who === "other-organisation-admin" ? "organisation-admin" : who;
      const email = `${who}-${engine}@example.org`;
      const { account } = await createStaff(db, operatorActor("os:test", organisationId), {
        email,
        displayName: who,
        roles: [role],
        password: PASSWORD,
      });
      const secret = new Secret({ size: 20 }).base32;
      await staffAccounts.setPendingTotp(db.db, db.keys, account.id, secret);
      await staffAccounts.confirmTotp(db.db, account.id, new Date());
      accounts.set(who, { id: account.id, email, secret });
    }

    /**
     * A signed-in session of the caller: one per caller, reused (a log-in costs an Argon2id hash), and a fresh
     * one when the request would end it (log-out).
     */
    const sessions = new Map<Who, { cookie: string; formToken: string }>();
    async function sessionOf(
      who: Who,
      fresh = false,
    ): Promise<{ cookie: string; formToken: string } | undefined> {
      if (who === "none") return undefined;
      const kept = sessions.get(who);
      if (kept && !fresh) return kept;
      const made = await logIn(who);
      if (!fresh) sessions.set(who, made);
      return made;
    }
    let step = 0;
    async function logIn(who: Exclude<Who, "none">): Promise<{ cookie: string; formToken: string }> {
      const found = accounts.get(who);
      if (!found) throw new Error(`no account for ${who}`);
      // Each log-in moves its clock on a step, so one account's codes are never played twice.
      const at = new Date(Date.now() + ++step * 30_000);
      const first = await staffPasswordStep(db, { email: found.email, password: PASSWORD }, at);
      if (!first.ok) throw new Error(`log-in of ${who} refused`);
      const code = new TOTP({ secret: Secret.fromBase32(found.secret) }).generate({
        timestamp: at.getTime(),
      });
      const second = await staffCodeStep(db, first.token, code, at);
      if (!second.ok) throw new Error(`code of ${who} refused: ${second.reason}`);
      const home = await app.inject({
        url: "/console",
        headers: { cookie: `lekwijzer-console=${second.token}` },
      });
      const formToken = /name="formulier" value="([^"]+)"/.exec(home.body)?.[1] ?? "";
      return { cookie: `lekwijzer-console=${second.token}`, formToken };
    }

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: `matrix-a-${engine}`, name: "Organisatie A" })).id;
      orgB = (await organisations.create(db.db, { slug: `matrix-b-${engine}`, name: "Organisatie B" })).id;
      for (const who of SIGNED_IN) await account(who);
      breachA = (
        await breaches.create(db.db, {
          organisationId: orgA,
          slug: "matrix",
          title: "Datalek A",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        })
      ).id;
      await setProfile(storeCtx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      importA = (
        await startImport(storeCtx(), operatorActor("os:test", orgA), { breachId: breachA, source: "api" })
      ).job.id;
      await submitRegulatorNotice(storeCtx(), operatorActor("os:test", orgA), {
        breachId: breachA,
        phase: "initial",
        sections: NOTICE,
        delayReasons: "Onderzoek liep uit.",
      });
      controllerNoticeA = (
        await addControllerNotice(storeCtx(), operatorActor("os:test", orgA), {
          breachId: breachA,
          controllerName: "Verantwoordelijke A",
          controllerContact: "fg@a.example",
          decide: "Of u zelf meldt.",
        })
      ).id;
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
      await closePreviewWorkers();
    });

    it("has a row for every console route, and no other", () => {
      const routes = listRoutes(app)
        .filter((r) => r.url.startsWith("/console"))
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      expect(routes).toEqual(Object.keys(MATRIX).sort());
      const english = listRoutes(app)
        .filter((r) => r.url.startsWith("/en/console"))
        .map((r) => `${r.method} ${r.url.slice(3)}`)
        .sort();
      expect(english).toEqual(routes);
    });

    let viewedCampaign: string | undefined;
    let entryA: string | undefined;
    let approvable: { id: string; digest: string } | undefined;

    /** Makes the request of a row as the caller, and classifies the answer. */
    async function call(
      route: string,
      kind: RequestKind,
      who: Who,
      prefix: string,
    ): Promise<Expected | string> {
      const [method, path = ""] = route.split(" ") as [string, string];
      const session = await sessionOf(who, kind === "logout");
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      let url = `${prefix}${path}`;
      let payload: Record<string, string> | undefined;
      const token = session?.formToken ?? "";
      if (kind === "login-form") payload = { email: "niemand@example.org", password: "verkeerd wachtwoord" };
      if (kind === "code-form") payload = { formulier: token, code: "123456" };
      if (kind === "logout") payload = { formulier: token };
      if (kind === "forgot-form") payload = { email: "niemand@example.org" };
      if (kind === "reset-page") url += `?token=${"x".repeat(43)}`;
      if (kind === "reset-form")
        payload = {
          token: "x".repeat(43),
          password: "een lang wachtwoord hier",
          repeat: "een lang wachtwoord hier",
        };
      if (kind === "add-staff")
        payload = {
          formulier: token,
          email: `nieuw-${++serial}-${engine}@example.org`,
          displayName: "Nieuw",
          roles: "editor",
        };
      if (kind === "disable-staff") {
        const { account } = await createStaff(db, operatorActor("os:test", orgA), {
          email: `doel-${++serial}-${engine}@example.org`,
          displayName: "Doel",
          roles: ["contact-centre"],
        });
        url = url.replace(":id", account.id);
        payload = { formulier: token };
      }
      if (kind === "add-key") payload = { formulier: token, holder: `Systeem ${++serial}`, scope: "read" };
      if (kind === "revoke-key") {
        const { key } = await createKey(storeCtx(), operatorActor("os:test", orgA), {
          scope: "read",
          holder: `Doel ${++serial}`,
        });
        url = url.replace(":id", key.id);
        payload = { formulier: token };
      }
      if (kind === "breach-page") url = url.replace(":id", breachA);
      if (kind === "create-breach") payload = FACTS_FORM(token);
      if (kind === "facts-form") {
        // A breach of its own, so the other rows' breach keeps its facts (a change voids approvals).
        const own = await breaches.create(db.db, {
          organisationId: orgA,
          slug: `matrix-facts-${++serial}`,
          title: "Feiten",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        });
        url = url.replace(":id", own.id);
        payload = FACTS_FORM(token);
      }
      if (kind === "report") url = url.replace(":id", breachA).replace(":importId", importA);
      if (kind === "upload") {
        const boundary = "----matrix-grens";
        const response = await app.inject({
          method: "POST",
          url: url.replace(":id", breachA),
          headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` },
          payload: [
            `--${boundary}\r\nContent-Disposition: form-data; name="formulier"\r\n\r\n${token}\r\n`,
            `--${boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="v.csv"\r\n\r\n`,
            "external_id,email\nM-1,m@example.org\n",
            `\r\n--${boundary}--\r\n`,
          ].join(""),
        });
        if (response.statusCode === 404) return "not-found";
        if (response.statusCode === 403) return "forbidden";
        return response.statusCode >= 500 ? `error ${response.statusCode}` : "ok";
      }
      if (kind === "notice-form") {
        url = url.replace(":id", breachA);
        payload = { formulier: token, onderdeel: "nis2", "nis2.applies": "ja" };
      }
      if (kind === "notice-download")
        url = url
          .replace(":id", breachA)
          .replace(":number", "1")
          .replace(":noticeId", controllerNoticeA)
          .replace(":format", "pdf");
      // Reading a campaign leaves it as it was, so one serves every reader; an approval is tried on one
      // campaign until somebody's succeeds (checking a campaign is the costly part of these rows).
      if (kind === "campaign-page") {
        viewedCampaign ??= await checkedCampaign();
        url = url.replace(":id", viewedCampaign);
      }
      if (kind === "campaign-step") {
        if (!approvable) {
          const id = await checkedCampaign();
          const shown = await approvalPreview(storeCtx(), operatorActor("os:test", orgA), { campaignId: id });
          approvable = { id, digest: shown.digest };
        }
        url = url.replace(":id", approvable.id);
        payload = { formulier: token, stap: "approve", digest: approvable.digest };
      }
      if (kind === "contact-lookup") payload = { formulier: token, methode: "personal-code", code: "abc" };
      if (kind === "contact-proof")
        payload = {
          formulier: token,
          datalek: breachA,
          kanaal: "email",
          adres: `beller-${++serial}@example.org`,
        };
      if (kind === "contact-proof-code")
        payload = { formulier: token, bewijs: "00000000-0000-4000-8000-000000000000", code: "123456" };
      if (kind === "transparency-form") {
        // A change of organisation A's entry: its administrator's succeeds, B's is not found.
        entryA ??= (await saveTransparencyEntry(storeCtx(), operatorActor("os:test", orgA), { entry: ENTRY }))
          .id;
        payload = {
          formulier: token,
          actie: "opslaan",
          regel: entryA,
          categorieen: "email",
          "doel-nl": "Om u te mailen.",
          grondslag: "b",
          maanden: "24",
          vanaf: "relation-end",
        };
      }
      if (kind === "contact-action") payload = { formulier: token, handle: "x".repeat(43), actie: "letter" };
      if (kind === "messages-form" || kind === "update-form" || kind === "warning-form") {
        url = url.replace(":id", breachA);
        payload = { formulier: token, ...FORMS[kind] };
      }
      const response = await app.inject({
        method: method as "GET" | "POST",
        url,
        headers: payload ? { ...headers, "content-type": "application/x-www-form-urlencoded" } : headers,
        ...(payload ? { payload: new URLSearchParams(payload).toString() } : {}),
      });
      const location = String(response.headers.location ?? "");
      if (kind === "campaign-step" && response.statusCode === 303 && location.includes("?gelukt"))
        approvable = undefined;
      if (response.statusCode === 404) return "not-found";
      if (response.statusCode === 403) return "forbidden";
      if (
        response.statusCode === 303 &&
        /\/console\/inloggen(\?verlopen)?$/.test(location) &&
        ["page", "breach-page", "campaign-page", "report", "notice-download"].includes(kind)
      )
        return "login";
      if (response.statusCode >= 500) return `error ${response.statusCode}`;
      return "ok";
    }

    for (const [route, row] of Object.entries(MATRIX)) {
      it(`${route}: answers each caller as its row says, in both languages`, async () => {
        for (const prefix of ["", "/en"]) {
          for (const who of WHO) {
            const expected = row.expect[who] === "public" ? "ok" : row.expect[who];
            const got = await call(route, row.request, who, prefix);
            // Public forms answer everyone; a page that is only for the signed-in sends the others to log in.
            expect(got, `${prefix}${route} as ${who}`).toBe(expected);
          }
        }
      }, 120_000);
    }

    it("shows and changes only the administrator's own organisation's staff", async () => {
      const other = await sessionOf("other-organisation-admin");
      const page = await app.inject({
        url: "/console/medewerkers",
        headers: { cookie: other?.cookie ?? "" },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("other-organisation-admin");
      expect(page.body).not.toContain(`editor-${engine}@example.org`);
      const aStaff = await staffAccounts.list(db.db, db.keys, orgA);
      expect(aStaff.some((s) => s.displayName === "Nieuw")).toBe(true);
      expect(aStaff.every((s) => s.organisationId === orgA)).toBe(true);
      const bStaff = await staffAccounts.list(db.db, db.keys, orgB);
      expect(bStaff.filter((s) => s.displayName === "Nieuw").every((s) => s.organisationId === orgB)).toBe(
        true,
      );
      // No staff member of A was disabled by B's administrator.
      expect(aStaff.filter((s) => s.disabledAt).length).toBe(2);
    });
  });
}
