/**
 * My plan's letters go out by themselves: a worker beside the delivery worker claims printed-letter requests
 * and new addresses waiting for their confirmation letter, composes each letter (messages/portal-letters.ts),
 * and writes them into the same print folder as campaign letters. The organisation need not act: the plan
 * letter holds the framework's plan for the person's own data and the confirmation letter only a code, no
 * new breach content, so there is nothing to approve.
 *
 * Why this shape (millions of victims, many workers): the requests are rows, claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease (store/portal-letters.ts), so any number of workers share them
 * without a coordinator and a dead worker's rows come back when its lease runs out. Exactly one letter per
 * request is the print folder's rule applied to these rows: the batch name (and, for a confirmation, the
 * code's hash) is stored on the row before the batch is written, and the batch counts only once its manifest
 * is in place. A worker that finds a row whose named batch is complete records it as written and prints
 * nothing; a batch that was never completed is discarded and written again under a new name (with a new
 * code). A row claimed more than `maxAttempts` times without an end (its worker kept dying) is set aside as
 * `failed`, and shown so. Every letter written, and every request answered without one, has an audit entry.
 */
import { randomBytes, randomInt } from "node:crypto";
import { type ActionPlan, type BreachFacts, planFor } from "../assess/index.ts";
import {
  CODE_ALPHABET,
  canonicalCode,
  generateCode,
  type OrganisationProfile,
  type PostalAddress,
  type SenderProfile,
} from "../core/index.ts";
import type { LetterOutput, Receipt } from "../delivery/index.ts";
import { type CategoryId, isCategoryId, isFlagId } from "../framework/index.ts";
import {
  addressChangeNotice,
  addressConfirmationLetter,
  type ComposedMessage,
  planLetter,
  portalAddresses,
  type Recipient,
} from "../messages/index.ts";
import {
  audit,
  type Breach,
  breaches,
  type ClaimedPortalLetter,
  type Executor,
  organisations,
  portalLetters,
  senderProfiles,
  transaction,
  type Victim,
  victimChoices,
  victims,
} from "../store/index.ts";
import type { OperationContext } from "./context.ts";
import { type PollingWorker, startPollingWorker } from "./polling-worker.ts";
import { maskPostcode } from "./verification.ts";

/** A confirmation code works this long and may be tried this often. */
export const ADDRESS_CODE = { validDays: 30, tries: 5, length: 8 } as const;

export interface PortalLetterOptions {
  /** Who claims (recorded on the rows). */
  worker: string;
  /** Letters per round and print batch (default 50). */
  limit?: number;
  /** How long a claim holds (default 5 minutes: a batch of 50 renders in a second or two). */
  leaseMs?: number;
  /** How long a letter waits after the print folder failed (default 1 minute). */
  retryMs?: number;
  /** Claims without an end before a letter is set aside as failed (default 5). */
  maxAttempts?: number;
  /** Where the worker says what went wrong (never personal data). */
  log?: (event: Record<string, unknown>, message: string) => void;
}

const AUDIT_ACTOR = "system:portal-letters";

/** A short code for typing from paper: 8 characters of the code alphabet (no 0, O, 1, I, L), `XXXX-XXXX`. */
export function newAddressCode(): string {
  let chars = "";
  for (let i = 0; i < ADDRESS_CODE.length; i++) chars += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The code as typed, in capitals without spaces or dashes; undefined when it cannot be a code. */
export function normaliseAddressCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]+/g, "");
  const pattern = new RegExp(`^[${CODE_ALPHABET}]{${ADDRESS_CODE.length}}$`);
  return pattern.test(plain) ? plain : undefined;
}

/** What the code's keyed hash covers: the request and the victim, so it confirms nothing else. */
export const addressCodeValue = (requestId: string, victimId: number, normalised: string) =>
  `${requestId}:${victimId}:${normalised}`;

function portalOf(publicUrl: string | undefined): string {
  return publicUrl ?? "http://localhost:3000";
}

interface BreachParts {
  breach: Breach;
  organisation: SenderProfile;
}

/** The breach and who writes for it; cached per round (a batch holds few breaches). */
async function breachParts(
  ctx: OperationContext,
  cache: Map<string, BreachParts | null>,
  breachId: string,
): Promise<BreachParts | null> {
  if (cache.has(breachId)) return cache.get(breachId) ?? null;
  const breach = await breaches.getAcrossOrganisations(ctx.db, breachId);
  let parts: BreachParts | null = null;
  if (breach) {
    const stored = await senderProfiles.get(ctx.db, ctx.keys, breach.organisationId);
    const profile = stored?.profile as OrganisationProfile | undefined;
    const name = profile?.name ?? (await organisations.get(ctx.db, breach.organisationId))?.name ?? "";
    // A letter needs only who sends (name, post address, phone); signing keys stay out of it.
    const { dkim: _signing, ...sender } = profile ?? { dkim: null };
    parts = {
      breach,
      organisation: profile
        ? (sender as SenderProfile)
        : { name, senderEmail: "", domains: [], website: "", postalAddress: [name], dpo: {} },
    };
  }
  cache.set(breachId, parts);
  return parts;
}

function recipientOf(victim: Victim, address: PostalAddress, language: Victim["language"]): Recipient {
  return {
    id: victim.externalId,
    ...(victim.name ? { name: victim.name } : {}),
    address,
    language,
    categories: victim.categories,
    flags: victim.flags,
  };
}

function planOf(victim: Victim, breach: Breach, language: Victim["language"]) {
  const facts = breach.facts as unknown as BreachFacts;
  const own = victim.categories.filter(isCategoryId);
  const categories: CategoryId[] = own.length > 0 ? own : facts.data.map((item) => item.category);
  const plan: ActionPlan = planFor({
    breach: facts,
    victim: { categories, flags: victim.flags.filter(isFlagId), language },
  });
  return { categories, plan };
}

/** A letter ready to be written, or the end a claimed row reaches without one. */
type Composed =
  | { claimed: ClaimedPortalLetter; message: ComposedMessage; code?: string }
  | { claimed: ClaimedPortalLetter; end: "no-address" | "failed"; reason: string };

async function compose(
  ctx: OperationContext,
  cache: Map<string, BreachParts | null>,
  claimed: ClaimedPortalLetter,
): Promise<Composed> {
  const victim = await victims.get(ctx.db, ctx.keys, claimed.victimId);
  const parts = await breachParts(ctx, cache, claimed.breachId);
  if (!victim || victim.contactPurged || !parts)
    return { claimed, end: "failed", reason: "the person's data is no longer kept" };
  const language = claimed.language;
  const base = {
    id: `${claimed.breachId}.${victim.externalId}.${claimed.kind}.${claimed.id}`,
    breachId: claimed.breachId,
    organisation: parts.organisation,
    reference: `MP-${randomBytes(6)
      .toString("hex")
      .toUpperCase()
      .replace(/(.{4})(?=.)/g, "$1-")}`,
    verificationCode: generateCode(),
    date: new Date().toISOString().slice(0, 10),
    portal: portalAddresses(portalOf(ctx.publicUrl), parts.breach.pageSlug ?? undefined, language),
  };
  if (claimed.kind === "moved") {
    if (!claimed.address) return { claimed, end: "failed", reason: "the new address is no longer kept" };
    const code = newAddressCode();
    const expires = new Date(Date.now() + ADDRESS_CODE.validDays * 86_400_000);
    const message = addressConfirmationLetter({
      ...base,
      recipient: { ...recipientOf(victim, claimed.address, language), flags: [] },
      code,
      expiresOn: expires.toISOString().slice(0, 10),
      tries: ADDRESS_CODE.tries,
    });
    return { claimed, message, code };
  }
  const choice = await victimChoices.get(ctx.db, ctx.keys, victim.id);
  if (claimed.kind === "address-changed") {
    if (!claimed.address) return { claimed, end: "failed", reason: "the former address is no longer kept" };
    const message = addressChangeNotice({
      ...base,
      recipient: { ...recipientOf(victim, claimed.address, language), flags: [] },
      newPostcode: choice?.address ? maskPostcode(choice.address.postcode) : "***",
      changedOn: (choice?.addressConfirmedAt ?? claimed.createdAt).toISOString().slice(0, 10),
    });
    return { claimed, message };
  }
  const address = choice?.address ?? victim.address;
  if (!address) return { claimed, end: "no-address", reason: "no postal address is known" };
  const { categories, plan } = planOf(victim, parts.breach, language);
  const message = planLetter({
    ...base,
    recipient: recipientOf(victim, address, language),
    breachTitle: parts.breach.title,
    categories,
    plan,
  });
  return { claimed, message };
}

async function auditEnd(
  db: Executor,
  ctx: OperationContext,
  claimed: ClaimedPortalLetter,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await audit.append(db, ctx.keys, {
    actor: AUDIT_ACTOR,
    action,
    subject: claimed.id,
    details: { breach: claimed.breachId, victim: claimed.victimId, kind: claimed.kind, ...details },
  });
}

const writtenStatus = (claimed: ClaimedPortalLetter) =>
  claimed.kind === "moved" ? ("awaiting-code" as const) : ("sent" as const);

/** Records a letter as written (once, with its audit entry); false when the claim was lost. */
async function recordWritten(
  ctx: OperationContext,
  worker: string,
  claimed: ClaimedPortalLetter,
  batch: string,
): Promise<boolean> {
  return transaction(ctx.db, async (tx) => {
    if (!(await portalLetters.finish(tx, worker, claimed.id, writtenStatus(claimed)))) return false;
    await auditEnd(tx, ctx, claimed, "portal.letter-written", { batch });
    return true;
  });
}

async function recordEnd(
  ctx: OperationContext,
  worker: string,
  claimed: ClaimedPortalLetter,
  end: "no-address" | "failed",
  reason: string,
): Promise<void> {
  await transaction(ctx.db, async (tx) => {
    if (await portalLetters.finish(tx, worker, claimed.id, end))
      await auditEnd(
        tx,
        ctx,
        claimed,
        end === "no-address" ? "portal.letter-no-address" : "portal.letter-failed",
        {
          reason,
        },
      );
  });
}

/**
 * Rows an earlier claim already wrote into a complete batch are recorded and left out; leftovers of an
 * unfinished batch are discarded; rows whose workers kept dying are set aside. Returns the rows to write.
 */
async function settleEarlierClaims(
  ctx: OperationContext,
  letters: LetterOutput,
  claimed: readonly ClaimedPortalLetter[],
  options: Required<Pick<PortalLetterOptions, "worker" | "maxAttempts">>,
): Promise<ClaimedPortalLetter[]> {
  const todo: ClaimedPortalLetter[] = [];
  for (const row of claimed) {
    if (row.printBatch && letters.isComplete(row.printBatch)) {
      await recordWritten(ctx, options.worker, row, row.printBatch);
      continue;
    }
    if (row.printBatch) letters.discard(row.printBatch);
    if (row.attempts > options.maxAttempts) {
      await recordEnd(ctx, options.worker, row, "failed", `its worker stopped ${options.maxAttempts} times`);
      continue;
    }
    todo.push(row);
  }
  return todo;
}

/** Names one batch on the composed rows still held, writes it, and records each letter's outcome. */
async function writeBatch(
  ctx: OperationContext,
  letters: LetterOutput,
  ready: readonly Extract<Composed, { message: ComposedMessage }>[],
  options: Required<Pick<PortalLetterOptions, "worker" | "retryMs">>,
): Promise<number> {
  const batch = letters.newBatch();
  const expiresAt = new Date(Date.now() + ADDRESS_CODE.validDays * 86_400_000);
  const held = await portalLetters.assignBatch(
    ctx.db,
    options.worker,
    ready.map((item) => ({
      id: item.claimed.id,
      batch,
      reference: item.message.reference,
      verificationDigest: ctx.keys.lookupHash(
        "verification-code",
        canonicalCode(item.message.verificationCode),
      ),
      ...(item.code
        ? {
            code: {
              hmac: ctx.keys.lookupHash(
                "address-confirmation",
                addressCodeValue(item.claimed.id, item.claimed.victimId, item.code.replace("-", "")),
              ),
              expiresAt,
            },
          }
        : {}),
    })),
  );
  const kept = ready.filter((item) => held.has(item.claimed.id));
  if (kept.length === 0) return 0;
  let receipts: Receipt[];
  try {
    receipts = await letters.send(
      batch,
      kept.map((item, index) => ({ deliveryId: index, message: item.message })),
    );
  } catch (error) {
    const reason = `print batch not written: ${(error as Error).message}`.slice(0, 300);
    receipts = kept.map(() => ({ outcome: "deferred", reason, infrastructure: true }));
  }
  let written = 0;
  for (const [i, item] of kept.entries()) {
    const receipt = receipts[i];
    if (receipt?.outcome === "sent") {
      if (await recordWritten(ctx, options.worker, item.claimed, batch)) written++;
    } else if (receipt?.outcome === "rejected") {
      await recordEnd(ctx, options.worker, item.claimed, "failed", receipt.reason);
    } else {
      await portalLetters.retryLater(ctx.db, options.worker, item.claimed.id, options.retryMs);
    }
  }
  return written;
}

/** One round: claims, settles what earlier claims left, composes and writes one batch. Letters written. */
export async function writePortalLetters(
  ctx: OperationContext,
  letters: LetterOutput,
  options: PortalLetterOptions,
): Promise<number> {
  const worker = options.worker;
  const claimed = await portalLetters.claim(ctx.db, ctx.keys, {
    worker,
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 5 * 60_000,
  });
  if (claimed.length === 0) return 0;
  const todo = await settleEarlierClaims(ctx, letters, claimed, {
    worker,
    maxAttempts: options.maxAttempts ?? 5,
  });
  const cache = new Map<string, BreachParts | null>();
  const ready: Extract<Composed, { message: ComposedMessage }>[] = [];
  for (const row of todo) {
    let item: Composed;
    try {
      item = await compose(ctx, cache, row);
    } catch (error) {
      options.log?.({ request: row.id, error: (error as Error).name }, "portal letter not composed");
      await portalLetters.retryLater(ctx.db, worker, row.id, options.retryMs ?? 60_000);
      continue;
    }
    if ("end" in item) await recordEnd(ctx, worker, row, item.end, item.reason);
    else ready.push(item);
  }
  if (ready.length === 0) return 0;
  return writeBatch(ctx, letters, ready, { worker, retryMs: options.retryMs ?? 60_000 });
}

/** Writes letters every `everyMs` (default 5 s) until stopped; a failing round is reported and tried again. */
export function startPortalLetterWorker(
  ctx: OperationContext,
  letters: LetterOutput,
  options: PortalLetterOptions & { everyMs?: number; onError?: (error: Error) => void },
): PollingWorker {
  return startPollingWorker(() => writePortalLetters(ctx, letters, options), {
    everyMs: options.everyMs ?? 5_000,
    onError: options.onError,
  });
}
