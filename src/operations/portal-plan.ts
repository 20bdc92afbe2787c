/**
 * "Mijn plan": the personal plan behind the personal code. A victim types the code from their letter, e-mail
 * or text; a session opens for that one victim, and everything here reads and writes only that victim's own
 * rows (the session's victim id is the only key a page passes in). The victim is the actor: no API key, no
 * organisation role. Codes are never stored or logged (only keyed hashes exist), sessions keep only a hash of
 * their random token, and the audit log records that a session started, never with which code. Rate limits
 * are the door's job (web/pages/my-plan.ts), as for "is this message genuine?".
 *
 * The organisation reads what victims asked for (a printed letter, a new address, letters instead of e-mail)
 * through `listPortalRequests`, with a read role, filtered on its own breaches in SQL; it need not act on
 * them: the portal-letter worker writes the letters (operations/portal-letters.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { type ActionPlan, type BreachFacts, planFor } from "../assess/index.ts";
import {
  type BilingualText,
  type Language,
  normalisePersonalCode,
  type OrganisationProfile,
  type PostalAddress,
} from "../core/index.ts";
import { type CategoryId, type FlagId, isCategoryId, isFlagId } from "../framework/index.ts";
import {
  audit,
  breaches,
  breachUpdates,
  type OwnPortalRequest,
  organisations,
  type PortalRequest,
  planProgress,
  portalRequests,
  portalSessions,
  senderProfiles,
  transaction,
  type Victim,
  victimChoices,
  victims,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import { type LetterAddressState, letterAddressState } from "./portal-address.ts";
import { maskEmail, maskPhone, maskPostcode } from "./verification.ts";

/** How long a session lasts: ends after half an hour unused, and after twelve hours in any case. */
export const PLAN_SESSION = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 } as const;

/** The audit log's name for a victim acting on their own plan. */
const PORTAL_ACTOR = "portal:victim";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type PlanOpening =
  | { ok: true; token: string }
  /** `typo`: the check character caught a typing error, or a character codes never hold was typed. */
  | { ok: false; reason: "typo" | "unknown" };

/** Opens a session for the victim whose current personal code was typed; the random token goes to the browser. */
export async function openPlan(ctx: OperationContext, typed: string, now = new Date()): Promise<PlanOpening> {
  const normalised = normalisePersonalCode(typed);
  if (!normalised.ok) return { ok: false, reason: normalised.reason === "length" ? "unknown" : "typo" };
  const victim = await victims.findByPersonalCode(ctx.db, ctx.keys, normalised.code);
  if (!victim || victim.contactPurged) return { ok: false, reason: "unknown" };
  const token = randomBytes(32).toString("base64url");
  const opened = await transaction(ctx.db, async (tx) => {
    await portalSessions.sweep(tx, { now, ...PLAN_SESSION }, victim.id);
    if (!(await portalSessions.open(tx, { tokenHash: hashToken(token), victimId: victim.id, now })))
      return false;
    await audit.append(tx, ctx.keys, {
      actor: PORTAL_ACTOR,
      action: "portal.session-started",
      subject: String(victim.id),
      details: { breach: victim.breachId },
    });
    return true;
  });
  return opened ? { ok: true, token } : { ok: false, reason: "unknown" };
}

/** The victim id of a live session (and keeps it alive), or undefined. */
export async function planSession(
  ctx: OperationContext,
  token: string | undefined,
  now = new Date(),
): Promise<number | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  return portalSessions.find(ctx.db, hashToken(token), { now, ...PLAN_SESSION });
}

/** Ends the session ("stop"); an unknown token changes nothing. */
export async function endPlanSession(ctx: OperationContext, token: string | undefined): Promise<void> {
  if (token && TOKEN.test(token)) await portalSessions.end(ctx.db, hashToken(token));
}

/** What the breach's file holds about the victim, masked: enough to recognise, too little for anyone else. */
export interface MaskedDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  /** Someone else receives the messages (representative, guardian, estate). */
  contactRole: string | null;
}

export interface MyPlan {
  victimId: number;
  organisationName: string;
  /** The organisation's contact points for questions and GDPR requests; null without a profile. */
  contact: Pick<OrganisationProfile, "website" | "phone" | "dpo" | "postalAddress" | "contactHours"> | null;
  breachTitle: string;
  categories: CategoryId[];
  flags: FlagId[];
  plan: ActionPlan;
  /** Step ids the victim ticked off. */
  done: ReadonlySet<string>;
  updates: { title: BilingualText; body: BilingualText; publishedAt: Date }[];
  details: MaskedDetails;
  requests: OwnPortalRequest[];
  /** Where letters go and a new address waiting for its code (the page masks both). */
  letterAddress: LetterAddressState;
}

/** `Jan de Vries` → `J. d. V.`: initials only. */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part !== "")
    .map((part) => `${part.charAt(0)}.`)
    .join(" ");
}

function maskedDetails(victim: Victim): MaskedDetails {
  return {
    name: victim.name ? initials(victim.name) : null,
    email: victim.email ? maskEmail(victim.email) : null,
    phone: victim.phone ? maskPhone(victim.phone) : null,
    postcode: victim.address?.postcode ? maskPostcode(victim.address.postcode) : null,
    contactRole: victim.contact?.role ?? null,
  };
}

/** The victim's own categories (or, without any, the breach's) and flags, as the framework knows them. */
function planInputs(victim: Victim, facts: BreachFacts): { categories: CategoryId[]; flags: FlagId[] } {
  const own = victim.categories.filter(isCategoryId);
  const categories = own.length > 0 ? own : facts.data.map((item) => item.category);
  return { categories, flags: victim.flags.filter(isFlagId) };
}

async function victimOf(ctx: OperationContext, victimId: number): Promise<Victim> {
  const victim = await victims.get(ctx.db, ctx.keys, victimId);
  if (!victim || victim.contactPurged) throw new OperationProblem("not-found", "This plan is not available.");
  return victim;
}

/** The victim's breach and action plan (assess `planFor`, as the messages build it). */
async function planOf(ctx: OperationContext, victim: Victim, language: Language) {
  const breach = await breaches.getAcrossOrganisations(ctx.db, victim.breachId);
  if (!breach) throw new OperationProblem("not-found", "This plan is not available.");
  const facts = breach.facts as unknown as BreachFacts;
  const { categories, flags } = planInputs(victim, facts);
  return {
    breach,
    categories,
    flags,
    plan: planFor({ breach: facts, victim: { categories, flags, language } }),
  };
}

/** Everything the plan page shows, for the session's victim only, in the language asked for. */
export async function myPlan(ctx: OperationContext, victimId: number, language: Language): Promise<MyPlan> {
  const victim = await victimOf(ctx, victimId);
  const { breach, categories, flags, plan } = await planOf(ctx, victim, language);
  const [organisation, stored, updates, done, requests, letterAddress] = await Promise.all([
    organisations.get(ctx.db, breach.organisationId),
    senderProfiles.get(ctx.db, ctx.keys, breach.organisationId),
    breachUpdates.listByBreach(ctx.db, breach.organisationId, breach.id),
    planProgress.list(ctx.db, victim.id),
    portalRequests.listForVictim(ctx.db, victim.id),
    letterAddressState(ctx, victim.id, victim.address),
  ]);
  const profile = stored?.profile as OrganisationProfile | undefined;
  return {
    victimId: victim.id,
    organisationName: profile?.name ?? organisation?.name ?? "",
    contact: profile
      ? {
          website: profile.website,
          dpo: profile.dpo,
          postalAddress: profile.postalAddress,
          ...(profile.phone ? { phone: profile.phone } : {}),
          ...(profile.contactHours ? { contactHours: profile.contactHours } : {}),
        }
      : null,
    breachTitle: breach.title,
    categories,
    flags,
    plan,
    done,
    updates: (updates ?? []).flatMap((u) =>
      u.publishedAt ? [{ title: u.title, body: u.body, publishedAt: u.publishedAt }] : [],
    ),
    details: maskedDetails(victim),
    requests,
    letterAddress,
  };
}

/** Saves which steps are done: only ids of the victim's own plan count, anything else is ignored. */
export async function saveProgress(
  ctx: OperationContext,
  victimId: number,
  stepIds: readonly string[],
): Promise<number> {
  const { plan } = await planOf(ctx, await victimOf(ctx, victimId), "nl");
  const own = new Set(plan.steps.map((step) => step.id as string));
  const done = [...new Set(stepIds.filter((id) => own.has(id)))];
  await planProgress.replace(ctx.db, victimId, done);
  return done.length;
}

export type DetailsChange =
  | { kind: "printed-letter" }
  | { kind: "prefers-letters" }
  | { kind: "moved"; address: PostalAddress };

/** At most this many letters a victim may cause per kind in `LETTER_WINDOW_MS`: each costs postage. */
const LETTERS_PER_WINDOW = { "printed-letter": 1, moved: 3 } as const;
const LETTER_WINDOW_MS = 30 * 86_400_000;

/** Why a request is not recorded again: one still open, or the month's letters already asked for. */
function alreadyAsked(requests: readonly OwnPortalRequest[], change: DetailsChange, now: number): boolean {
  const same = requests.filter((r) => r.kind === change.kind);
  if (change.kind === "prefers-letters") return same.length > 0;
  if (change.kind === "printed-letter" && same.some((r) => r.status === "open" || r.status === "no-address"))
    return true;
  const recent = same.filter((r) => now - r.createdAt.getTime() < LETTER_WINDOW_MS && r.status !== "failed");
  return recent.length >= LETTERS_PER_WINDOW[change.kind];
}

/**
 * Records what the victim asks for, with an audit entry (the kind, never the address). A printed letter and a
 * new address's confirmation letter are written by the portal-letter worker (operations/portal-letters.ts); a
 * wish for letters applies at once to later campaigns. Asking again for something still open, or for more
 * letters than a month allows, changes nothing (`created: false`).
 */
export async function requestFromPlan(
  ctx: OperationContext,
  victimId: number,
  change: DetailsChange,
  language: Language = "nl",
): Promise<{ created: boolean }> {
  const victim = await victimOf(ctx, victimId);
  return transaction(ctx.db, async (tx) => {
    const earlier = await portalRequests.listForVictim(tx, victim.id);
    if (alreadyAsked(earlier, change, Date.now())) return { created: false };
    const created = await portalRequests.create(tx, ctx.keys, {
      victimId: victim.id,
      kind: change.kind,
      language,
      ...(change.kind === "moved" ? { address: change.address } : {}),
    });
    if (!created) throw new OperationProblem("not-found", "This plan is not available.");
    if (change.kind === "prefers-letters")
      await victimChoices.setPrefersLetters(tx, { victimId: victim.id, breachId: victim.breachId });
    await audit.append(tx, ctx.keys, {
      actor: PORTAL_ACTOR,
      action: `portal.${change.kind}-requested`,
      subject: created.id,
      details: { breach: victim.breachId, victim: victim.id },
    });
    return { created: true };
  });
}

export interface PortalRequestJson {
  id: string;
  externalId: string;
  kind: PortalRequest["kind"];
  status: PortalRequest["status"];
  /** The new address of a `moved` request: Lekwijzer confirms it by letter before using it. */
  address: PostalAddress | null;
  createdAt: string;
  /** When its letter went into a print batch. */
  sentAt: string | null;
  /** When it reached its end (confirmed, expired, refused, failed, no address, done). */
  doneAt: string | null;
  /** When the print provider reported its letter undeliverable. */
  returnedAt: string | null;
  /** Until when the confirmation code works. */
  codeExpiresAt: string | null;
}

/** What victims of one of the organisation's breaches asked for on "Mijn plan", oldest first. */
export async function listPortalRequests(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<PortalRequestJson[]> {
  const organisationId = actingOrganisation(actor, "portal-request.list");
  const found = UUID.test(input.breachId)
    ? await portalRequests.listByBreach(ctx.db, ctx.keys, organisationId, input.breachId)
    : undefined;
  if (!found)
    throw new OperationProblem("not-found", `No breach ${input.breachId.slice(0, 40)} of this organisation.`);
  return found.map((r) => ({
    id: r.id,
    externalId: r.externalId,
    kind: r.kind,
    status: r.status,
    address: r.address,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    doneAt: r.doneAt?.toISOString() ?? null,
    returnedAt: r.returnedAt?.toISOString() ?? null,
    codeExpiresAt: r.codeExpiresAt?.toISOString() ?? null,
  }));
}
