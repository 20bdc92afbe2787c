/**
 * The organisation's sender profile: who writes to victims (name, From address, domains, website, postal
 * address, phone and contact hours, DPO, signatory), the portal's logo and colours, the print provider's letter
 * layout, and who signs DKIM. One operation shows it and one replaces it, for every door (CLI, API, later the
 * console). Setting it seals the DKIM private key (made here when Lekwijzer signs and none is given), registers
 * its domains for verification, writes the audit entry and — when anything changed — voids the approvals of
 * the organisation's approved, running or paused campaigns: an approval covers what is sent, sender included.
 */
import { generateKeyPairSync } from "node:crypto";
import type { OrganisationProfile } from "../core/index.ts";
import { profileDigest, voidApprovalsOf } from "../delivery/index.ts";
import { audit, dkimPublicKey, organisations, senderProfiles, transaction } from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { refreshOrganisationPages } from "./breach-pages.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { parseOrganisationProfile } from "./profile-schema.ts";
import { type DomainView, domainsOf, ensureDomain } from "./sending-domains.ts";

export interface ProfileView {
  /** The profile as the organisation wrote it (without the DKIM private key): `set` takes this shape back. */
  profile: OrganisationProfile;
  /** The DKIM key Lekwijzer signs with: its public half for DNS, and a fingerprint; null when the relay signs. */
  dkimKey: { fingerprint: string; publicKey: string } | null;
  updatedAt: string | null;
}

export interface ProfileChange extends ProfileView {
  changed: boolean;
  /** Campaigns whose approval the change voided (back to draft). */
  voidedCampaigns: string[];
  /** The organisation's sending domains, with the records to publish. */
  domains: DomainView[];
}

async function organisationOf(ctx: OperationContext, organisationId: string) {
  const organisation = await organisations.get(ctx.db, organisationId);
  if (!organisation) throw new OperationProblem("not-found", `No organisation ${organisationId}.`);
  return organisation;
}

/** The profile, or a not-found problem saying how to set one. */
export async function showProfile(ctx: OperationContext, actor: Actor): Promise<ProfileView> {
  return profileOf(ctx, actingOrganisation(actor, "profile.read"));
}

async function profileOf(ctx: OperationContext, organisationId: string): Promise<ProfileView> {
  await organisationOf(ctx, organisationId);
  const stored = await senderProfiles.get(ctx.db, ctx.keys, organisationId);
  if (!stored) {
    throw new OperationProblem(
      "not-found",
      "The organisation has no sender profile yet: set one (lekwijzer org profile set, PUT /api/v1/organisation/profile).",
    );
  }
  return {
    profile: stored.profile,
    dkimKey:
      stored.dkimPublicKey && stored.dkimKeyFingerprint
        ? { fingerprint: stored.dkimKeyFingerprint, publicKey: stored.dkimPublicKey }
        : null,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
  };
}

function newDkimKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** Which fields differ between two profiles (top level), for the audit entry. */
function changedFields(before: OrganisationProfile | undefined, after: OrganisationProfile): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys]
    .filter(
      (key) =>
        JSON.stringify((before as Record<string, unknown> | undefined)?.[key]) !==
        JSON.stringify((after as unknown as Record<string, unknown>)[key]),
    )
    .sort();
}

/**
 * Validates and stores the profile. The DKIM private key, when Lekwijzer signs: the one given, else the stored
 * one, else a new 2048-bit key (its public half is in the answer, for DNS). With the relay signing, a stored key
 * is dropped.
 */
export async function setProfile(
  ctx: OperationContext,
  actor: Actor,
  input: { profile: unknown },
): Promise<ProfileChange> {
  const organisationId = actingOrganisation(actor, "profile.set");
  const parsed = parseOrganisationProfile(input.profile);
  if (!parsed.ok) throw new OperationProblem("invalid", "The sender profile is not valid.", parsed.problems);
  const organisation = await organisationOf(ctx, organisationId);
  const { profile } = parsed;
  const result = await transaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = await senderProfiles.get(tx, ctx.keys, organisation.id);
    const keepStored = profile.dkim.signer === "lekwijzer" && before?.hasDkimKey === true;
    const dkimKey =
      profile.dkim.signer === "relay"
        ? null
        : (parsed.dkimPrivateKey ?? (keepStored ? ("keep" as const) : newDkimKey()));
    const fingerprintAfter =
      dkimKey === null
        ? null
        : dkimKey === "keep"
          ? (before?.dkimKeyFingerprint ?? null)
          : dkimPublicKey(dkimKey).fingerprint;
    const changed =
      !before ||
      profileDigest(before.profile, before.dkimKeyFingerprint) !== profileDigest(profile, fingerprintAfter);
    if (!changed) return { changed, voided: [] as string[] };
    await senderProfiles.set(tx, ctx.keys, organisation.id, profile, dkimKey);
    for (const domain of profile.domains) await ensureDomain(txCtx, organisation.id, domain, actor.name);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "organisation.profile-set",
      subject: organisation.id,
      details: {
        fields: changedFields(before?.profile, profile),
        dkim: profile.dkim.signer,
        ...(fingerprintAfter ? { dkimKeyFingerprint: fingerprintAfter } : {}),
      },
    });
    const voided = before ? await voidApprovalsOf(txCtx, organisation.id, actor.name, ["sender"]) : [];
    return { changed, voided };
  });
  // Breach pages show the contact details and the look: render them again.
  if (result.changed) await refreshOrganisationPages(ctx, organisation.id);
  const shown = await profileOf(ctx, organisation.id);
  return {
    ...shown,
    changed: result.changed,
    voidedCampaigns: result.voided,
    domains: await domainsOf(ctx, organisation.id),
  };
}
