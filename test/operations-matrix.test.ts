/**
 * The operation × role matrix: every action in the permission table, run through its operation by an API key
 * of every scope and by the operator. An actor the table allows is never refused as `forbidden` (it may still
 * meet a state it cannot act on: that answer is `conflict` or `invalid`, never `forbidden`); an actor it does
 * not allow is refused with `forbidden` before anything is read or changed. The expectations are written out
 * here from the key scopes' documented grants, not computed by the code under test, and the test fails when
 * the table gains an action without a case below. Last, an actor of another organisation — the operator
 * acting for it, who holds every role — finds none of this organisation's breaches, imports, campaigns,
 * updates, phishing reports and warnings, or keys.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { type Action, type Actor, keyActor, operatorActor, PERMISSIONS } from "../src/operations/actor.ts";
import { readAuditLog } from "../src/operations/audit-log.ts";
import { publishBreachPage } from "../src/operations/breach-pages.ts";
import { setRegisterListing } from "../src/operations/breach-register.ts";
import {
  breachVictimCounts,
  createBreach,
  getBreach,
  listBreaches,
  listBreachesOfAllOrganisations,
  updateBreachFacts,
} from "../src/operations/breaches.ts";
import {
  actOnCampaign,
  type CampaignStep,
  checkCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
} from "../src/operations/campaigns.ts";
import { findCallerByCode } from "../src/operations/contact-centre.ts";
import { orderLetter, recordCallerPhishing, resendNotice } from "../src/operations/contact-centre-actions.ts";
import { callerView } from "../src/operations/contact-centre-view.ts";
import { OperationProblem } from "../src/operations/context.ts";
import { breachEvidence } from "../src/operations/evidence.ts";
import { getImport, listImports, startImport } from "../src/operations/imports.ts";
import { createKey, listKeys, revokeKey } from "../src/operations/keys.ts";
import { createOrganisation, listOrganisations } from "../src/operations/organisations.ts";
import { listOversightNotices } from "../src/operations/oversight.ts";
import {
  exportPhishingReports,
  listPhishingReports,
  listPhishingWarnings,
  phishingTrend,
  publishPhishingWarning,
  withdrawPhishingWarning,
} from "../src/operations/phishing-reports.ts";
import { listPortalRequests } from "../src/operations/portal-plan.ts";
import {
  addControllerNotice,
  recordNis2,
  regulatorNoticeWorkspace,
  submitRegulatorNotice,
} from "../src/operations/regulator-notices.ts";
import { setProfile, showProfile } from "../src/operations/sender-profile.ts";
import {
  addDomain,
  listDomains,
  verifyDomain,
  verifyDomainByHand,
} from "../src/operations/sending-domains.ts";
import {
  createStaff,
  disableStaff,
  listStaff,
  resetStaffTotp,
  setStaffRoles,
  staffDisplayNames,
} from "../src/operations/staff.ts";
import {
  publishTransparency,
  saveTransparencyEntry,
  transparencyRegister,
} from "../src/operations/transparency.ts";
import { createUpdate, listUpdates, publishUpdate } from "../src/operations/updates.ts";
import {
  type ApiKeyScope,
  apiKeys,
  breaches,
  organisations,
  personalCodes,
  victims,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;
const PROFILE = { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } };
const TITLE = { nl: "We hebben het lek gedicht", en: "We closed the leak" };
const BODY = { nl: "De inbreker kan niet meer bij de gegevens. U hoeft niets te doen." };
const ENTRY = {
  categories: ["name", "email"],
  purpose: { nl: "Om u een rekening te sturen." },
  legalBasis: "b",
  retentionMonths: 24,
  retentionFrom: "relation-end",
};
const WARNING = { body: { nl: "Let op: er gaan valse sms'jes rond. Klik niet op de link." } };

/** Which key scopes may do what a role needs: the grants docs/architecture.md and the README describe. */
const SCOPES_FOR_ROLE: Record<string, readonly ApiKeyScope[]> = {
  read: ["read", "write", "send", "admin"],
  write: ["write"],
  send: ["send"],
  admin: ["admin"],
  operator: [],
  "staff-admin": [],
  oversight: [],
  contact: [],
};
const SCOPES: readonly ApiKeyScope[] = ["read", "write", "send", "admin"];

/** Settles an operation: what it answered, or the code of the problem it raised. */
async function outcome(run: () => Promise<unknown>): Promise<"ok" | OperationProblem["code"]> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof OperationProblem) return error.code;
    throw error;
  }
}

describe.each(engineCases())("operation × role matrix on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachA = "";
  let campaignA = "";
  let importA = "";
  let updateA = "";
  let warningA = "";
  let keyA = "";
  let staffA = "";
  let entryA = "";
  let serial = 0;
  const next = () => `${engine}-${++serial}`;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: `matrix-a-${engine}`, name: "Organisatie A" })).id;
    orgB = (await organisations.create(db.db, { slug: `matrix-b-${engine}`, name: "Organisatie B" })).id;
    const operatorA = operatorActor("os:setup", orgA);
    await setProfile(db, operatorA, { profile: PROFILE });
    await verifyDomainByHand(db, operatorA, { domain: "voorbeeldtelecom.nl", reason: "test installation" });
    const breach = await breaches.create(db.db, {
      organisationId: orgA,
      slug: `matrix-breach-${engine}`,
      title: "Klantgegevens gestolen",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    breachA = breach.id;
    await victims.insertBatch(db.db, db.keys, breachA, [
      { externalId: "v1", email: "anna@example.org", name: "Anna", language: "nl" },
    ]);
    campaignA = (
      await createCampaign(db, operatorA, {
        breachId: breachA,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      })
    ).id;
    importA = (await startImport(db, operatorA, { breachId: breachA, source: "api" })).job.id;
    updateA = (await createUpdate(db, operatorA, { breachId: breachA, title: TITLE, body: BODY })).update.id;
    warningA = (await publishPhishingWarning(db, operatorA, { breachId: breachA, ...WARNING })).warning.id;
    keyA = (
      await apiKeys.create(db.db, {
        organisationId: orgA,
        scope: "read",
        holder: "Kees",
        label: "",
        createdBy: "os:setup",
      })
    ).key.id;
    staffA = (
      await createStaff(db, operatorA, {
        email: `staff-a-${engine}@example.org`,
        displayName: "Sanne",
        roles: ["editor"],
      })
    ).account.id;
    entryA = (await saveTransparencyEntry(db, operatorA, { entry: ENTRY })).id;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const SESSION = "matrix-session-0123456789";
  /** A fresh personal code of organisation A's victim (issuing one revokes the one before: each case its own). */
  const victimCode = async () => {
    const victim = await victims.getByExternalId(db.db, db.keys, breachA, "v1");
    return personalCodes.issue(db.db, db.keys, victim?.id ?? 0);
  };
  /** A caller-view handle made by the same person acting in the contact role, for the action under test. */
  const handleFor = async (actor: Actor) => {
    const found = await findCallerByCode(
      db,
      { ...actor, roles: ["contact"] },
      { method: "personal-code", code: await victimCode(), session: SESSION },
    );
    return { handle: found?.handle ?? "", session: SESSION };
  };
  const REPORT = {
    channel: "sms",
    sender: "+3197010203040",
    receivedOn: new Date().toISOString().slice(0, 10),
    receivedTime: "",
    text: "Betaal nu via deze link.",
  };

  const step = (s: CampaignStep) => (actor: Actor) =>
    actOnCampaign(db, actor, { campaignId: campaignA, step: s });

  /** One way to take each action through its operation, on organisation A's data. */
  const CASES: Record<Action, (actor: Actor) => Promise<unknown>> = {
    "organisation.create": (actor) =>
      createOrganisation(db, actor, { slug: `matrix-new-${next()}`, name: "Nieuwe organisatie" }),
    "organisation.list": (actor) => listOrganisations(db, actor),
    "key.create": (actor) => createKey(db, actor, { scope: "read", holder: `Holder ${next()}` }),
    "key.list": (actor) => listKeys(db, actor),
    "key.revoke": async (actor) => {
      const { key } = await apiKeys.create(db.db, {
        organisationId: orgA,
        scope: "read",
        holder: `Revoked ${next()}`,
        label: "",
        createdBy: "os:setup",
      });
      return revokeKey(db, actor, { id: key.id });
    },
    "profile.read": (actor) => showProfile(db, actor),
    "profile.set": (actor) => setProfile(db, actor, { profile: PROFILE }),
    "domain.list": (actor) => listDomains(db, actor),
    "domain.add": (actor) => addDomain(db, actor, { domain: `post-${next()}.example.nl` }),
    "domain.verify": (actor) =>
      verifyDomain(db, actor, { domain: "voorbeeldtelecom.nl", resolveTxt: async () => [] }),
    "domain.verify-by-hand": (actor) =>
      verifyDomainByHand(db, actor, { domain: "voorbeeldtelecom.nl", reason: "checked by phone" }),
    "breach.create": (actor) => createBreach(db, actor, { facts: FACTS }),
    // A breach of its own, so the campaign steps' breach keeps its facts (a change voids approvals).
    "breach.update-facts": async (actor) => {
      const own = await breaches.create(db.db, {
        organisationId: orgA,
        slug: `matrix-facts-${next()}`,
        title: "Feiten",
        facts: FACTS as unknown as Record<string, unknown> & { awareAt: string },
      });
      return updateBreachFacts(db, actor, { breachId: own.id, facts: { ...FACTS, title: "Nieuwe titel" } });
    },
    "breach.victim-counts": (actor) => breachVictimCounts(db, actor, { breachId: breachA }),
    "breach.read": (actor) => getBreach(db, actor, { breachId: breachA }),
    "breach.list": (actor) => listBreaches(db, actor),
    "breach.list-all": (actor) => listBreachesOfAllOrganisations(db, actor),
    "breach.publish-page": (actor) => publishBreachPage(db, actor, { breachId: breachA }),
    "breach.register": (actor) => setRegisterListing(db, actor, { breachId: breachA, listed: false }),
    "breach.evidence": (actor) => breachEvidence(db, actor, { breachId: breachA }),
    "import.start": (actor) => startImport(db, actor, { breachId: breachA, source: "api" }),
    "import.read": (actor) => getImport(db, actor, { breachId: breachA, importId: importA }),
    "import.list": (actor) => listImports(db, actor, { breachId: breachA }),
    "campaign.create": (actor) =>
      createCampaign(db, actor, { breachId: breachA, kind: "first-notice", setup: { texts: SAMPLE_TEXTS } }),
    "campaign.check": (actor) => checkCampaign(db, actor, { campaignId: campaignA }),
    "campaign.read": (actor) => getCampaign(db, actor, { campaignId: campaignA }),
    "campaign.list": (actor) => listCampaigns(db, actor, { breachId: breachA }),
    "campaign.approve": step("approve"),
    "campaign.start": step("start"),
    "campaign.pause": step("pause"),
    "campaign.resume": step("resume"),
    "campaign.cancel": step("cancel"),
    "update.create": (actor) => createUpdate(db, actor, { breachId: breachA, title: TITLE, body: BODY }),
    "update.publish": (actor) => publishUpdate(db, actor, { breachId: breachA, updateId: updateA }),
    "update.list": (actor) => listUpdates(db, actor, { breachId: breachA }),
    "phishing-report.list": (actor) => listPhishingReports(db, actor, { breachId: breachA }),
    "phishing-report.trend": (actor) => phishingTrend(db, actor, { breachId: breachA }),
    "phishing-report.export": (actor) =>
      exportPhishingReports(db, actor, { breachId: breachA, format: "csv" }),
    "phishing-warning.publish": (actor) =>
      publishPhishingWarning(db, actor, { breachId: breachA, ...WARNING }),
    "phishing-warning.list": (actor) => listPhishingWarnings(db, actor, { breachId: breachA }),
    "phishing-warning.withdraw": (actor) =>
      withdrawPhishingWarning(db, actor, { breachId: breachA, warningId: warningA }),
    "portal-request.list": (actor) => listPortalRequests(db, actor, { breachId: breachA }),
    "staff.list": (actor) => listStaff(db, actor),
    "staff.create": (actor) =>
      createStaff(db, actor, { email: `new-${next()}@example.org`, displayName: "Nieuw", roles: ["editor"] }),
    "staff.disable": async (actor) => {
      const { account } = await createStaff(db, operatorActor("os:setup", orgA), {
        email: `leaving-${next()}@example.org`,
        displayName: "Vertrekt",
        roles: ["contact-centre"],
      });
      return disableStaff(db, actor, { id: account.id });
    },
    "staff.set-roles": (actor) => setStaffRoles(db, actor, { id: staffA, roles: ["editor", "approver"] }),
    "staff.reset-totp": (actor) => resetStaffTotp(db, actor, { id: staffA }),
    "regulator-notice.read": (actor) => regulatorNoticeWorkspace(db, actor, { breachId: breachA }),
    // An empty notice: an allowed actor meets `invalid`, never `forbidden`.
    "regulator-notice.submit": (actor) =>
      submitRegulatorNotice(db, actor, { breachId: breachA, phase: "initial", sections: {} }),
    "nis2.record": (actor) => recordNis2(db, actor, { breachId: breachA, applies: true }),
    "controller-notice.create": (actor) =>
      addControllerNotice(db, actor, {
        breachId: breachA,
        controllerName: "Gemeente Voorbeeld",
        controllerContact: "privacy@voorbeeld.nl",
        decide: "Of u de mensen zelf informeert.",
      }),
    "oversight.read": (actor) => listOversightNotices(db, actor),
    "audit.read": (actor) => readAuditLog(db, actor, {}),
    "staff.names": (actor) => staffDisplayNames(db, actor, [`staff:${staffA}`]),
    "caller.find": async (actor) =>
      findCallerByCode(db, actor, { method: "personal-code", code: await victimCode(), session: SESSION }),
    "caller.resend": async (actor) =>
      resendNotice(db, actor, { ...(await handleFor(actor)), channel: "email" }),
    "caller.letter": async (actor) => orderLetter(db, actor, await handleFor(actor)),
    "caller.phishing-report": async (actor) =>
      recordCallerPhishing(db, actor, { ...(await handleFor(actor)), report: REPORT }),
    "transparency.read": (actor) => transparencyRegister(db, actor),
    "transparency.edit": (actor) => saveTransparencyEntry(db, actor, { id: entryA, entry: ENTRY }),
    "transparency.publish": async (actor) => {
      // Each publication needs a change: a new entry of A's, so the case meets a draft it may publish.
      await saveTransparencyEntry(db, operatorActor("os:setup", orgA), {
        entry: { ...ENTRY, retentionMonths: serial + 1 },
      });
      next();
      return publishTransparency(db, actor);
    },
  };

  it("has a case for every action in the permission table, and no other", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  // Cancel last: a cancelled campaign stays cancelled, and the other steps should meet a live one.
  const ACTIONS = (Object.keys(PERMISSIONS) as Action[]).sort(
    (a, b) => Number(a === "campaign.cancel") - Number(b === "campaign.cancel"),
  );

  it.each(ACTIONS)("%s: allowed for exactly the roles its row names", async (action) => {
    const needed = PERMISSIONS[action];
    for (const scope of SCOPES) {
      const actor = keyActor({ holder: `Holder ${scope}`, organisationId: orgA, scope });
      const result = await outcome(() => CASES[action](actor));
      if (SCOPES_FOR_ROLE[needed]?.includes(scope))
        expect(result, `${action} with a ${scope} key`).not.toBe("forbidden");
      else expect(result, `${action} with a ${scope} key`).toBe("forbidden");
    }
    const operator = await outcome(() => CASES[action](operatorActor(`os:operator-${next()}`, orgA)));
    expect(operator, `${action} by the operator`).not.toBe("forbidden");
  });

  it("finds nothing of another organisation, even for the operator acting for it", async () => {
    const other = operatorActor("os:other", orgB);
    const foreign: [string, () => Promise<unknown>][] = [
      ["breach.read", () => getBreach(db, other, { breachId: breachA })],
      ["breach.update-facts", () => updateBreachFacts(db, other, { breachId: breachA, facts: FACTS })],
      ["breach.victim-counts", () => breachVictimCounts(db, other, { breachId: breachA })],
      ["import.start", () => startImport(db, other, { breachId: breachA, source: "api" })],
      ["import.read", () => getImport(db, other, { breachId: breachA, importId: importA })],
      ["import.list", () => listImports(db, other, { breachId: breachA })],
      [
        "campaign.create",
        () =>
          createCampaign(db, other, {
            breachId: breachA,
            kind: "first-notice",
            setup: { texts: SAMPLE_TEXTS },
          }),
      ],
      ["campaign.read", () => getCampaign(db, other, { campaignId: campaignA })],
      ["campaign.check", () => checkCampaign(db, other, { campaignId: campaignA })],
      ["campaign.list", () => listCampaigns(db, other, { breachId: breachA })],
      ["campaign.approve", () => actOnCampaign(db, other, { campaignId: campaignA, step: "approve" })],
      ["campaign.cancel", () => actOnCampaign(db, other, { campaignId: campaignA, step: "cancel" })],
      ["update.create", () => createUpdate(db, other, { breachId: breachA, title: TITLE, body: BODY })],
      ["update.list", () => listUpdates(db, other, { breachId: breachA })],
      ["update.publish", () => publishUpdate(db, other, { breachId: breachA, updateId: updateA })],
      ["breach.publish-page", () => publishBreachPage(db, other, { breachId: breachA })],
      ["breach.register", () => setRegisterListing(db, other, { breachId: breachA, listed: true })],
      ["breach.evidence", () => breachEvidence(db, other, { breachId: breachA })],
      ["key.revoke", () => revokeKey(db, other, { id: keyA })],
      ["phishing-report.list", () => listPhishingReports(db, other, { breachId: breachA })],
      ["phishing-report.trend", () => phishingTrend(db, other, { breachId: breachA })],
      [
        "phishing-report.export",
        () => exportPhishingReports(db, other, { breachId: breachA, format: "json" }),
      ],
      [
        "phishing-warning.publish",
        () => publishPhishingWarning(db, other, { breachId: breachA, ...WARNING }),
      ],
      ["phishing-warning.list", () => listPhishingWarnings(db, other, { breachId: breachA })],
      [
        "phishing-warning.withdraw",
        () => withdrawPhishingWarning(db, other, { breachId: breachA, warningId: warningA }),
      ],
      ["portal-request.list", () => listPortalRequests(db, other, { breachId: breachA })],
      ["staff.disable", () => disableStaff(db, other, { id: staffA })],
      ["staff.set-roles", () => setStaffRoles(db, other, { id: staffA, roles: ["approver"] })],
      ["staff.reset-totp", () => resetStaffTotp(db, other, { id: staffA })],
      ["regulator-notice.read", () => regulatorNoticeWorkspace(db, other, { breachId: breachA })],
      [
        "regulator-notice.submit",
        () => submitRegulatorNotice(db, other, { breachId: breachA, phase: "initial", sections: {} }),
      ],
      ["nis2.record", () => recordNis2(db, other, { breachId: breachA, applies: true })],
      [
        "controller-notice.create",
        () =>
          addControllerNotice(db, other, {
            breachId: breachA,
            controllerName: "X",
            controllerContact: "x@example.org",
            decide: "x",
          }),
      ],
      ["transparency.edit", () => saveTransparencyEntry(db, other, { id: entryA, entry: ENTRY })],
    ];
    for (const [action, run] of foreign) expect(await outcome(run), action).toBe("not-found");
    // B's register is its own: A's entries are not in it.
    expect((await transparencyRegister(db, other)).draft.map((e) => e.id)).not.toContain(entryA);
    // A caller of A is not found by B's code look-up, and a handle made for A opens nothing for B.
    const code = await victimCode();
    expect(
      await findCallerByCode(db, other, { method: "personal-code", code, session: SESSION }),
    ).toBeUndefined();
    const handleOfA = await findCallerByCode(db, operatorActor("os:other", orgA), {
      method: "personal-code",
      code,
      session: SESSION,
    });
    expect(handleOfA).toBeDefined();
    expect(
      await outcome(() => callerView(db, other, { handle: handleOfA?.handle ?? "", session: SESSION })),
    ).toBe("not-found");
    // And the lists it may see hold only its own organisation's.
    expect(await listBreaches(db, other)).toEqual([]);
    expect((await listStaff(db, other)).map((s) => s.id)).not.toContain(staffA);
    expect((await listKeys(db, other)).map((k) => k.organisationId)).not.toContain(orgA);
    expect((await apiKeys.listByOrganisation(db.db, orgA)).find((k) => k.id === keyA)?.revokedAt).toBeNull();
  });
});
