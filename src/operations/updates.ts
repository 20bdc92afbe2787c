/**
 * Updates of a breach: the follow-up news an organisation posts (what it found out since, what it did), Dutch
 * required and English optional, written as a draft and then published. Every query is limited to the actor's
 * organisation in SQL, so another organisation's breach is not found. Writing is checked for B1 plain language:
 * problems come back as warnings beside the stored draft, for the writer to fix before publishing.
 */
import { type BilingualText, LANGUAGES, type Language } from "../core/index.ts";
import { checkPlainLanguage } from "../framework/index.ts";
import {
  audit,
  type BreachUpdate,
  breachUpdates,
  type MailCounts,
  transaction,
  updateMailings,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { refreshBreachPage } from "./breach-pages.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";

/** Longest title and body, in characters: an update is read on a phone, so it stays short. */
export const UPDATE_LIMITS = { title: 160, body: 5_000 } as const;

type Problem = { path: string; message: string };

export interface UpdateJson {
  id: string;
  breachId: string;
  /** English is null when the organisation wrote Dutch only. */
  title: { nl: string; en: string | null };
  body: { nl: string; en: string | null };
  status: "draft" | "published";
  publishedAt: string | null;
  createdAt: string;
  /** The update e-mail to the breach's confirmed subscribers: how many it is for, sent, and failed for good. */
  email: MailCounts;
}

/** An update with its e-mail counters, as the list and publish operations return it. */
export type MailedUpdate = BreachUpdate & { email?: MailCounts };

const NO_MAIL: MailCounts = { recipients: 0, sent: 0, failed: 0 };

/** A B1 problem in one of the texts, by where it is (`body.nl`). */
export interface PlainLanguageWarning {
  path: string;
  rule: string;
  severity: "block" | "warn";
  excerpt: string;
  message: string;
  suggestion: string;
}

const bilingualJson = (text: BilingualText) => ({ nl: text.nl, en: text.en === "" ? null : text.en });

export function presentUpdate(update: MailedUpdate): UpdateJson {
  return {
    id: update.id,
    breachId: update.breachId,
    title: bilingualJson(update.title),
    body: bilingualJson(update.body),
    status: update.publishedAt ? "published" : "draft",
    publishedAt: update.publishedAt?.toISOString() ?? null,
    createdAt: update.createdAt.toISOString(),
    email: update.email ?? NO_MAIL,
  };
}

async function withMailCounts(ctx: OperationContext, updates: BreachUpdate[]): Promise<MailedUpdate[]> {
  const counts = await updateMailings.countsOf(
    ctx.db,
    updates.filter((u) => u.publishedAt).map((u) => u.id),
  );
  return updates.map((u) => ({ ...u, email: counts.get(u.id) ?? NO_MAIL }));
}

export function presentCreatedUpdate(created: {
  update: BreachUpdate;
  plainLanguage: PlainLanguageWarning[];
}) {
  return { ...presentUpdate(created.update), plainLanguage: created.plainLanguage };
}

/** One text field in both languages: Dutch required, English optional; both within `max` characters. */
function bilingualInput(raw: unknown, field: string, max: number, problems: Problem[]): BilingualText {
  const given = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : undefined;
  if (!given) {
    problems.push({ path: field, message: "an object with `nl` (required) and `en` (optional)" });
    return { nl: "", en: "" };
  }
  for (const key of Object.keys(given).filter((k) => !(LANGUAGES as readonly string[]).includes(k)))
    problems.push({ path: `${field}.${key}`, message: "not a language of this platform (nl, en)" });
  const text = (language: Language, required: boolean): string => {
    const value = given[language];
    if (value === undefined && !required) return "";
    const trimmed = typeof value === "string" ? value.trim() : "";
    if (trimmed === "" || trimmed.length > max)
      problems.push({ path: `${field}.${language}`, message: `1 to ${max} characters of text` });
    return trimmed;
  };
  return { nl: text("nl", true), en: text("en", false) };
}

function checkedInput(input: { title: unknown; body: unknown }): {
  title: BilingualText;
  body: BilingualText;
} {
  const problems: Problem[] = [];
  const title = bilingualInput(input.title, "title", UPDATE_LIMITS.title, problems);
  const body = bilingualInput(input.body, "body", UPDATE_LIMITS.body, problems);
  if (problems.length > 0) throw new OperationProblem("invalid", "The update is not valid.", problems);
  return { title, body };
}

/** B1 findings of every text written, by field and language. */
function plainLanguageOf(texts: { title: BilingualText; body: BilingualText }): PlainLanguageWarning[] {
  return (["title", "body"] as const).flatMap((field) =>
    LANGUAGES.filter((language) => texts[field][language] !== "").flatMap((language) =>
      checkPlainLanguage(texts[field][language], { language }).findings.map((finding) => ({
        path: `${field}.${language}`,
        ...finding,
      })),
    ),
  );
}

function breachNotFound(breachId: string): OperationProblem {
  return new OperationProblem("not-found", `No breach ${breachId.slice(0, 40)} of this organisation.`);
}

/**
 * Refuses (not found) a breach that is not the actor's organisation's, before anything else about a request is
 * looked at: the API asks this on arrival, so another organisation's breach is 404 whatever the body says.
 */
export async function requireUpdatableBreach(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<void> {
  const organisationId = actingOrganisation(actor, "update.list");
  if (
    !UUID.test(input.breachId) ||
    !(await breachUpdates.breachIsOrganisations(ctx.db, organisationId, input.breachId))
  )
    throw breachNotFound(input.breachId);
}

/** Stores a draft update of one of the organisation's breaches, with the B1 problems of its texts. */
export async function createUpdate(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; title: unknown; body: unknown },
): Promise<{ update: BreachUpdate; plainLanguage: PlainLanguageWarning[] }> {
  const organisationId = actingOrganisation(actor, "update.create");
  const texts = checkedInput(input);
  if (!UUID.test(input.breachId)) throw breachNotFound(input.breachId);
  const update = await transaction(ctx.db, async (tx) => {
    const created = await breachUpdates.create(tx, { organisationId, breachId: input.breachId, ...texts });
    if (!created) return undefined;
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "update.created",
      subject: created.id,
      details: { breach: created.breachId },
    });
    return created;
  });
  if (!update) throw breachNotFound(input.breachId);
  return { update, plainLanguage: plainLanguageOf(texts) };
}

/** The breach's updates, newest first. */
export async function listUpdates(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<MailedUpdate[]> {
  const organisationId = actingOrganisation(actor, "update.list");
  const updates = UUID.test(input.breachId)
    ? await breachUpdates.listByBreach(ctx.db, organisationId, input.breachId)
    : undefined;
  if (!updates) throw breachNotFound(input.breachId);
  return withMailCounts(ctx, updates);
}

/**
 * Publishes a draft and renders the breach's public page again; publishing a published update again changes
 * nothing (and logs nothing). Publishing also queues the update e-mail to the breach's confirmed subscribers
 * in the same transaction (the worker sends it, once per subscriber). The text is public on the breach page
 * from this moment, so the e-mail needs no second approval.
 */
export async function publishUpdate(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; updateId: string },
): Promise<MailedUpdate> {
  const organisationId = actingOrganisation(actor, "update.publish");
  const notFound = new OperationProblem(
    "not-found",
    `No update ${input.updateId.slice(0, 40)} of this breach.`,
  );
  if (!UUID.test(input.breachId) || !UUID.test(input.updateId)) throw notFound;
  const result = await transaction(ctx.db, async (tx) => {
    const published = await breachUpdates.publish(tx, organisationId, input.breachId, input.updateId);
    if (!published) {
      const existing = await breachUpdates.get(tx, organisationId, input.breachId, input.updateId);
      if (!existing) throw notFound;
      return existing;
    }
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "update.published",
      subject: published.id,
      details: { breach: published.breachId },
    });
    await updateMailings.enqueueUpdate(tx, published.id);
    return published;
  });
  // The breach page shows published updates: render it again (after the commit, so it reads the update).
  await refreshBreachPage(ctx, result.breachId);
  return (await withMailCounts(ctx, [result]))[0] ?? result;
}
