/**
 * Campaign operations as every door uses them, on a real database: the actor's role decides what it may do,
 * another organisation's breach or campaign is not found, the approver must be another person than the
 * creator, and every change is in the audit log under the person (and key) who made it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../messages/index.ts";
import { type ApiKeyScope, breaches, organisations, victims } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type Actor, keyActor, operatorActor } from "./actor.ts";
import {
  actOnCampaign,
  campaignStatus,
  checkCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
} from "./campaigns.ts";
import { OperationProblem } from "./context.ts";
import { setProfile } from "./sender-profile.ts";
import { verifyDomainByHand } from "./sending-domains.ts";

describe.each(engineCases())("campaign operations on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachA = "";
  let breachB = "";
  const key = (holder: string, scope: ApiKeyScope, organisationId = orgA, id?: string): Actor =>
    keyActor({ holder, organisationId, scope, ...(id ? { id } : {}) });

  async function readyOrganisation(slug: string): Promise<{ organisationId: string; breachId: string }> {
    const organisation = await organisations.create(db.db, { slug, name: SAMPLE_ORGANISATION.name });
    const operator = operatorActor("test", organisation.id);
    await setProfile(db, operator, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
    await verifyDomainByHand(db, operator, { domain: "voorbeeldtelecom.nl", reason: "test installation" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug,
      title: "Klantgegevens gestolen",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    await victims.insertBatch(db.db, db.keys, breach.id, [
      { externalId: "v1", email: "anna@example.org", name: "Anna", language: "nl" },
    ]);
    return { organisationId: organisation.id, breachId: breach.id };
  }

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ({ organisationId: orgA, breachId: breachA } = await readyOrganisation(`ops-a-${engine}`));
    ({ organisationId: orgB, breachId: breachB } = await readyOrganisation(`ops-b-${engine}`));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const draft = (actor: Actor = key("Ada", "write"), breachId = breachA) =>
    createCampaign(db, actor, { breachId, kind: "first-notice", setup: { texts: SAMPLE_TEXTS } });

  const auditOf = (subject: string) =>
    db.db
      .selectFrom("audit_log")
      .select(["actor", "action", "details"])
      .where("subject", "=", subject)
      .orderBy("seq")
      .execute();

  it("lets each role do what its row in the permission table says, and nothing more", async () => {
    await expect(draft(key("Rea", "read"))).rejects.toMatchObject({ code: "forbidden" });
    const campaign = await draft();
    const campaignId = campaign.id;
    expect(campaign).toMatchObject({ status: "draft", total: 1, createdBy: "holder:Ada" });
    expect((await getCampaign(db, key("Rea", "read"), { campaignId })).id).toBe(campaignId);
    expect((await campaignStatus(db, key("Rea", "read"), { campaignId })).progress.total).toBe(1);
    expect((await listCampaigns(db, key("Rea", "read"), { breachId: breachA })).map((c) => c.id)).toContain(
      campaignId,
    );
    await expect(checkCampaign(db, key("Rea", "read"), { campaignId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await checkCampaign(db, key("Ada", "write"), { campaignId });
    for (const step of ["approve", "start", "pause", "resume", "cancel"] as const) {
      await expect(actOnCampaign(db, key("Wim", "write"), { campaignId, step })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect((await getCampaign(db, key("Rea", "read"), { campaignId })).status).toBe("checked");
    const approved = await actOnCampaign(db, key("Bram", "send"), { campaignId, step: "approve" });
    expect(approved).toMatchObject({ status: "approved", approvedBy: "holder:Bram" });
  });

  it("does not find another organisation's breach or campaign, and changes nothing of it", async () => {
    const theirs = await draft(key("Bea", "write", orgB), breachB);
    const campaignId = theirs.id;
    const ours = (scope: ApiKeyScope) => key("Ada", scope, orgA);
    await expect(draft(ours("write"), breachB)).rejects.toMatchObject({ code: "not-found" });
    await expect(getCampaign(db, ours("read"), { campaignId })).rejects.toMatchObject({ code: "not-found" });
    await expect(campaignStatus(db, ours("read"), { campaignId })).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(listCampaigns(db, ours("read"), { breachId: breachB })).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(checkCampaign(db, ours("write"), { campaignId })).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(actOnCampaign(db, ours("send"), { campaignId, step: "cancel" })).rejects.toMatchObject({
      code: "not-found",
    });
    expect((await getCampaign(db, key("Bea", "read", orgB), { campaignId })).status).toBe("draft");
    await expect(getCampaign(db, operatorActor("os:root"), { campaignId })).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("needs another person than the creator to approve, however the creator spells their name", async () => {
    const campaign = await draft(operatorActor("os:ada", orgA));
    const campaignId = campaign.id;
    await checkCampaign(db, operatorActor("os:ada", orgA), { campaignId });
    for (const name of ["os:ada", " os:ADA ", "os:Ada"]) {
      await expect(
        actOnCampaign(db, operatorActor(name, orgA), { campaignId, step: "approve" }),
      ).rejects.toThrow(/approver-is-creator/);
    }
    expect((await getCampaign(db, key("Rea", "read"), { campaignId })).status).toBe("checked");
    const approved = await actOnCampaign(db, operatorActor("os:bram", orgA), { campaignId, step: "approve" });
    expect(approved.approvedBy).toBe("os:bram");
  });

  it("writes every change to the audit log under the person, and the key that acted", async () => {
    const campaign = await draft(key("Ada", "write", orgA, "key-ada"));
    const campaignId = campaign.id;
    await checkCampaign(db, key("Ada", "write", orgA, "key-ada"), { campaignId });
    await actOnCampaign(db, key("Bram", "send", orgA, "key-bram"), { campaignId, step: "approve" });
    await actOnCampaign(db, key("Bram", "send", orgA, "key-bram"), { campaignId, step: "start" });
    await actOnCampaign(db, key("Cas", "send", orgA, "key-cas"), { campaignId, step: "pause" });
    await actOnCampaign(db, key("Cas", "send", orgA, "key-cas"), { campaignId, step: "cancel" });
    const entries = await auditOf(campaignId);
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ["holder:Ada", "campaign.created"],
      ["holder:Ada", "campaign.checked"],
      ["holder:Bram", "campaign.approved"],
      ["holder:Bram", "campaign.started"],
      ["holder:Cas", "campaign.paused"],
      ["holder:Cas", "campaign.cancelled"],
    ]);
    expect(entries[2]?.details).toMatchObject({
      from: "checked",
      to: "approved",
      key: "key-bram",
      approvalDigest: expect.any(String),
    });
    expect(entries[5]?.details).toMatchObject({ from: "paused", to: "cancelled", key: "key-cas" });
    expect(entries[0]?.details).toMatchObject({ breachId: breachA, kind: "first-notice", total: 1 });
  });

  it("refuses a step the lifecycle does not allow now, as a conflict", async () => {
    const campaign = await draft();
    const refused = actOnCampaign(db, key("Bram", "send"), { campaignId: campaign.id, step: "start" });
    await expect(refused).rejects.toThrow(OperationProblem);
    await expect(refused).rejects.toMatchObject({ code: "conflict" });
    expect((await getCampaign(db, key("Rea", "read"), { campaignId: campaign.id })).status).toBe("draft");
  });
});
