/**
 * What an approval covers: a SHA-256 digest over a canonical JSON of everything that decides what victims get —
 * the campaign's own setup (texts, overrides, layout, subjects, date), the organisation's sender profile (with
 * its DKIM key's fingerprint, never the key), the breach facts, the kind and selection, and the platform address
 * the plan link points to. Stored with the approval and recomputed before sending starts or resumes: any change
 * after approval voids it. Each part has its own digest too, so a voided approval can say what changed.
 */
import { createHash } from "node:crypto";
import type { OrganisationProfile } from "../core/index.ts";

export interface ApprovalInput {
  kind: string;
  setup: Record<string, unknown>;
  profile: OrganisationProfile;
  dkimKeyFingerprint: string | null;
  breachFacts: Record<string, unknown>;
  selection: Record<string, unknown>;
  publicUrl: string | null;
}

export const APPROVAL_PARTS = ["message", "sender", "breach", "selection", "plan-address"] as const;
export type ApprovalPart = (typeof APPROVAL_PARTS)[number];

export interface ApprovalRecord {
  digest: string;
  parts: Record<ApprovalPart, string>;
}

/** JSON with object keys sorted at every level, so equal content always gives equal bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The digest of one sender profile as approvals see it (also tells whether a new profile is a change). */
export function profileDigest(profile: OrganisationProfile, dkimKeyFingerprint: string | null): string {
  return sha256(canonicalJson({ profile, dkimKeyFingerprint }));
}

/** The digest of a breach's facts as approvals see them (also tells whether new facts are a change). */
export function factsDigest(breachFacts: Record<string, unknown>): string {
  return sha256(canonicalJson(breachFacts));
}

export function approvalRecord(input: ApprovalInput): ApprovalRecord {
  const parts: Record<ApprovalPart, string> = {
    message: sha256(canonicalJson({ kind: input.kind, setup: input.setup })),
    sender: profileDigest(input.profile, input.dkimKeyFingerprint),
    breach: factsDigest(input.breachFacts),
    selection: sha256(canonicalJson(input.selection)),
    "plan-address": sha256(canonicalJson(input.publicUrl)),
  };
  return { digest: sha256(canonicalJson(parts)), parts };
}

/** The parts whose digest differs between an approval and now (all of them when the approval is unreadable). */
export function changedParts(approved: unknown, now: ApprovalRecord): ApprovalPart[] {
  const parts = (approved as { parts?: Record<string, unknown> } | null)?.parts;
  if (!parts) return [...APPROVAL_PARTS];
  return APPROVAL_PARTS.filter((part) => parts[part] !== now.parts[part]);
}
