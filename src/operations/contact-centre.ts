/**
 * The contact centre: an agent finds the one caller on the phone — by the personal code from their letter, by
 * the verification code of a message they got, or by their e-mail address or phone number once the caller
 * proved they control it (Lekwijzer sends a short code there, the caller reads it back) — and acts for them.
 * Agents never browse: there is no list of victims, only these look-ups, each within the agent's own
 * organisation (another organisation's victim is simply not found) and each written to the audit log with the
 * agent, the breach and the method, never with the code or the address.
 *
 * Asking for a proof answers the same whether or not the address is in a breach's file: nothing is looked up
 * until the caller has read the code back, so the form cannot be used to test addresses. Codes work ten
 * minutes and five wrong tries; an agent may ask for ten proofs an hour and an address gets three a day.
 *
 * A successful look-up gives a random handle, valid a quarter of an hour and bound to the agent's console
 * session: the caller view and its actions are reached by POSTing it, so no victim id or code appears in a
 * URL that could be bookmarked or logged. Only its hash is stored.
 */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { canonicalCode, emailLookupKey, normaliseCode, phoneLookupKey } from "../core/index.ts";
import {
  audit,
  breaches,
  contactCentre,
  deliveries,
  type Executor,
  rateBuckets,
  transaction,
  type Victim,
  victims,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { isUuid } from "./ids.ts";

/** How a caller was found; the audit log names it. */
export type CallerMethod = "personal-code" | "verification-code" | "email" | "phone";

export const CONTACT_RULES = {
  /** A caller view's handle lives this long after its last use. */
  handleMs: 15 * 60_000,
  /** A proof code works this long … */
  proofMs: 10 * 60_000,
  /** … and this many wrong tries. */
  proofTries: 5,
  /** Proofs an agent may ask for per hour, and an address may receive per day. */
  proofsPerAgentPerHour: 10,
  proofsPerAddressPerDay: 3,
  /** Look-ups by code an agent may make in a burst, refilled over ten minutes. */
  codeLookupsPer10Minutes: 30,
} as const;

const HANDLE = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A look-up that found the caller: the handle the caller view and its actions are reached by. */
export interface CallerFound {
  handle: string;
  victimId: number;
  breachId: string;
  method: CallerMethod;
}

/** Who asks: the agent, their organisation, and a hash of their console session (handles are bound to it). */
interface Agent {
  organisationId: string;
  name: string;
  sessionHash: string;
}

export type CallerAction = "caller.find" | "caller.resend" | "caller.letter" | "caller.phishing-report";

function agentOf(actor: Actor, session: string, action: CallerAction = "caller.find"): Agent {
  const organisationId = actingOrganisation(actor, action);
  if (session.length < 16) throw new OperationProblem("invalid", "A look-up needs the agent's session.");
  return { organisationId, name: actor.name, sessionHash: sha256(session) };
}

async function lookupAudit(
  db: Executor,
  ctx: OperationContext,
  agent: Agent,
  details: { method: CallerMethod; breach: string | null; outcome: string; victim?: number },
): Promise<void> {
  await audit.append(db, ctx.keys, {
    actor: agent.name,
    action: "caller.find",
    ...(details.victim !== undefined ? { subject: String(details.victim) } : {}),
    details: { method: details.method, breach: details.breach, outcome: details.outcome },
  });
}

/** An agent's look-ups are limited, so even a trusted door cannot be used to walk through codes. */
async function spendLookup(ctx: OperationContext, agent: Agent): Promise<void> {
  const burst = CONTACT_RULES.codeLookupsPer10Minutes;
  const taken = await rateBuckets.take(ctx.db, {
    key: `contact:lookups:${agent.name}`,
    ratePerSecond: burst / 600,
    burst,
    wanted: 1,
  });
  if (taken.granted < 1)
    throw new OperationProblem("conflict", "too-many-lookups: wait a few minutes before the next look-up.");
}

/** The victim, when it belongs to a breach of the agent's organisation and its data is still kept. */
async function ownVictim(ctx: OperationContext, agent: Agent, victim: Victim | undefined) {
  if (!victim || victim.contactPurged) return undefined;
  const breach = await breaches.get(ctx.db, agent.organisationId, victim.breachId);
  return breach ? victim : undefined;
}

/** Records the look-up and, when found, opens the handle — in one transaction. */
async function conclude(
  ctx: OperationContext,
  agent: Agent,
  method: CallerMethod,
  victim: Victim | undefined,
  breachId: string | null,
): Promise<CallerFound | undefined> {
  const handle = victim ? randomBytes(32).toString("base64url") : undefined;
  await transaction(ctx.db, async (tx) => {
    if (victim && handle)
      await contactCentre.openLookup(tx, {
        handleHash: sha256(handle),
        organisationId: agent.organisationId,
        agent: agent.name,
        sessionHash: agent.sessionHash,
        victimId: victim.id,
        method,
        expiresAt: new Date(Date.now() + CONTACT_RULES.handleMs),
      });
    await lookupAudit(tx, ctx, agent, {
      method,
      breach: victim?.breachId ?? breachId,
      outcome: victim ? "found" : "not-found",
      ...(victim ? { victim: victim.id } : {}),
    });
  });
  return victim && handle ? { handle, victimId: victim.id, breachId: victim.breachId, method } : undefined;
}

/**
 * Finds the caller by the personal code from their letter or the verification code of a message they got.
 * Undefined when nothing of the agent's organisation answers to the code (a code of another organisation's
 * breach answers exactly the same). Every try is audited.
 */
export async function findCallerByCode(
  ctx: OperationContext,
  actor: Actor,
  input: { method: "personal-code" | "verification-code"; code: string; session: string },
): Promise<CallerFound | undefined> {
  const agent = agentOf(actor, input.session);
  const typed = normaliseCode(input.code.slice(0, 64));
  if (!typed.ok)
    throw new OperationProblem("invalid", "not a code", [{ path: "code", message: typed.reason }]);
  await spendLookup(ctx, agent);
  let victim: Victim | undefined;
  if (input.method === "personal-code") {
    victim = await victims.findByPersonalCode(ctx.db, ctx.keys, typed.code);
  } else {
    // Under every key in the ring, current first: a message sent before a key rotation is still found.
    let delivery: Awaited<ReturnType<typeof deliveries.findByVerificationDigest>>;
    for (const digest of ctx.keys.lookupHashes("verification-code", canonicalCode(typed.code))) {
      delivery = await deliveries.findByVerificationDigest(ctx.db, digest);
      if (delivery) break;
    }
    victim = delivery ? await victims.get(ctx.db, ctx.keys, delivery.victimId) : undefined;
  }
  const own = await ownVictim(ctx, agent, victim);
  return conclude(ctx, agent, input.method, own, null);
}

/** The address as the victims' look-up hashes it; invalid (with the field) when it cannot be one. */
function lookupKeyOf(channel: "email" | "sms", address: string): string {
  const key = channel === "email" ? emailLookupKey(address) : phoneLookupKey(address);
  if (!key)
    throw new OperationProblem("invalid", "not an address", [
      { path: "address", message: channel === "email" ? "email" : "phone" },
    ]);
  return key;
}

/**
 * Sends a short code to the address the caller gave (the proof worker sends it). Answers the same for every
 * well-formed address: nothing is looked up yet. Returns the proof's id, which only this agent in this
 * session can use.
 */
export async function startCallerProof(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; channel: "email" | "sms"; address: string; session: string },
): Promise<{ proofId: string }> {
  const agent = agentOf(actor, input.session);
  const problems: { path: string; message: string }[] = [];
  const breach = isUuid(input.breachId)
    ? await breaches.get(ctx.db, agent.organisationId, input.breachId)
    : undefined;
  if (!breach) problems.push({ path: "breachId", message: "choose a breach" });
  let key = "";
  try {
    key = lookupKeyOf(input.channel, input.address.trim().slice(0, 320));
  } catch (error) {
    if (!(error instanceof OperationProblem)) throw error;
    problems.push(...error.problems);
  }
  if (!breach || problems.length > 0) throw new OperationProblem("invalid", "Check the fields.", problems);
  const addressHash = ctx.keys.lookupHash(input.channel === "email" ? "email" : "phone", key);
  const perAgent = await rateBuckets.take(ctx.db, {
    key: `contact:proofs:${agent.name}`,
    ratePerSecond: CONTACT_RULES.proofsPerAgentPerHour / 3600,
    burst: CONTACT_RULES.proofsPerAgentPerHour,
    wanted: 1,
  });
  const perAddress = await rateBuckets.take(ctx.db, {
    key: `contact:proofs:address:${addressHash}`,
    ratePerSecond: CONTACT_RULES.proofsPerAddressPerDay / 86_400,
    burst: CONTACT_RULES.proofsPerAddressPerDay,
    wanted: 1,
  });
  if (perAgent.granted < 1 || perAddress.granted < 1)
    throw new OperationProblem("conflict", "too-many-proofs: no more codes to this address or by you now.");
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await transaction(ctx.db, async (tx) => {
    await contactCentre.createProof(tx, ctx.keys, {
      id,
      organisationId: agent.organisationId,
      breachId: breach.id,
      agent: agent.name,
      sessionHash: agent.sessionHash,
      channel: input.channel,
      addressHash,
      address: key,
      code,
      codeHmac: contactCentre.codeHash(ctx.keys, id, code),
      expiresAt: new Date(Date.now() + CONTACT_RULES.proofMs),
    });
    await audit.append(tx, ctx.keys, {
      actor: agent.name,
      action: "caller.proof-sent",
      subject: id,
      details: { method: input.channel === "email" ? "email" : "phone", breach: breach.id },
    });
  });
  return { proofId: id };
}

export type ProofAnswer =
  | { outcome: "found"; caller: CallerFound }
  /** The code was right, but the address is not in this breach's file (the caller may learn that). */
  | { outcome: "not-found" }
  | { outcome: "wrong-code"; triesLeft: number }
  /** Expired, used, out of tries, or not this agent's and session's: ask for a new code. */
  | { outcome: "ended" };

/**
 * The caller read the code back: a right code finds them by the proven address (keyed hash, in the proof's
 * breach only); a wrong one counts a try. Every answer is audited, without the code or the address.
 */
export async function confirmCallerProof(
  ctx: OperationContext,
  actor: Actor,
  input: { proofId: string; code: string; session: string },
): Promise<ProofAnswer> {
  const agent = agentOf(actor, input.session);
  const proof = isUuid(input.proofId)
    ? await contactCentre.proofFor(ctx.db, { id: input.proofId, ...agentKey(agent) })
    : undefined;
  if (!proof || proof.used || proof.expired || proof.wrongTries >= CONTACT_RULES.proofTries)
    return { outcome: "ended" };
  const method: CallerMethod = proof.channel === "email" ? "email" : "phone";
  const typed = input.code.replace(/\D/g, "").slice(0, 6);
  if (!contactCentre.codeHashes(ctx.keys, proof.id, typed).includes(proof.codeHmac)) {
    const tries = await transaction(ctx.db, async (tx) => {
      const count = await contactCentre.wrongTry(tx, proof.id, CONTACT_RULES.proofTries);
      await lookupAudit(tx, ctx, agent, { method, breach: proof.breachId, outcome: "wrong-code" });
      return count;
    });
    const triesLeft = Math.max(0, CONTACT_RULES.proofTries - tries);
    return triesLeft > 0 ? { outcome: "wrong-code", triesLeft } : { outcome: "ended" };
  }
  const address = await contactCentre.useProof(ctx.db, ctx.keys, proof.id, CONTACT_RULES.proofTries);
  if (address === undefined) return { outcome: "ended" };
  const victim =
    method === "email"
      ? await victims.findByEmail(ctx.db, ctx.keys, proof.breachId, address)
      : await victims.findByPhone(ctx.db, ctx.keys, proof.breachId, address);
  const caller = await conclude(ctx, agent, method, await ownVictim(ctx, agent, victim), proof.breachId);
  return caller ? { outcome: "found", caller } : { outcome: "not-found" };
}

const agentKey = (agent: Agent) => ({
  organisationId: agent.organisationId,
  agent: agent.name,
  sessionHash: agent.sessionHash,
});

/**
 * The victim a handle points at, for the agent and session that made it (the action is the one the door is
 * about to take, so its own role decides). Not-found for an expired or someone else's handle.
 */
export async function callerOfHandle(
  ctx: OperationContext,
  actor: Actor,
  input: { handle: string; session: string },
  action: CallerAction = "caller.find",
): Promise<{ victim: Victim; organisationId: string; agent: string; method: string }> {
  const agent = agentOf(actor, input.session, action);
  const found = HANDLE.test(input.handle)
    ? await contactCentre.findLookup(ctx.db, {
        handleHash: sha256(input.handle),
        ...agentKey(agent),
        extendMs: CONTACT_RULES.handleMs,
      })
    : undefined;
  const victim = found
    ? await ownVictim(ctx, agent, await victims.get(ctx.db, ctx.keys, found.victimId))
    : undefined;
  if (!found || !victim)
    throw new OperationProblem("not-found", "This look-up has ended. Look the caller up again.");
  return { victim, organisationId: agent.organisationId, agent: agent.name, method: found.method };
}
