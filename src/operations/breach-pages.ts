/**
 * The public breach page (`/datalek/<slug>`): the short, stable address an organisation prints in its letters
 * and says on the phone. A breach has a page once its organisation publishes it (`publishBreachPage`, a write
 * key): the organisation decides when the public may read about its breach, and an unpublished breach is as
 * absent as one that never existed. The page is rendered when it is published and again whenever what it
 * shows changes (an update published, the sender profile changed: `refreshBreachPage`), and served as stored
 * bytes, so a surge of readers costs one indexed read each.
 *
 * The HTML itself is the web part's (it owns the page shell); operations may not import it, so the door hands
 * its renderer in through the context (`OperationContext.breachPages`). A door without one (the command line)
 * drops the stored bytes instead, and the web door renders them on the next request: stored bytes are never
 * older than what they show.
 */
import { createHash } from "node:crypto";
import type { BilingualText, OrganisationProfile } from "../core/index.ts";
import {
  audit,
  breaches,
  breachPages,
  type PublishedBreach,
  type PublishedUpdate,
  phishingReports,
  transaction,
  transparency,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";

/** Page addresses: read aloud and typed from paper, so lower-case letters, digits and single hyphens. */
const PAGE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PAGE_SLUG_MAX = 64;

/** The organisation's own texts a page shows, from its approved first notice (absent before one is approved). */
export type PageTextId = "whatHappened" | "measuresTaken" | "improvements" | "compensation";
const PAGE_TEXT_IDS: readonly PageTextId[] = [
  "whatHappened",
  "measuresTaken",
  "improvements",
  "compensation",
];

/** Everything a breach page shows, gathered once; the renderer turns it into bytes. */
export interface BreachPageView {
  breach: PublishedBreach;
  /** The kinds of data that leaked, as the facts list them. */
  categories: string[];
  texts: Partial<Record<PageTextId, BilingualText>>;
  contact: {
    name: string;
    phone?: string;
    hours?: BilingualText;
    website?: string;
    email?: string;
  };
  /** The look the organisation chose (its profile's portal settings, else the theme column); unchecked. */
  theme: { primary?: string; text?: string; background?: string; logo?: string };
  updates: PublishedUpdate[];
  /** Active phishing warnings, newest first: shown at the top, above everything else. */
  warnings: { title: BilingualText; body: BilingualText; publishedAt: Date }[];
  /** The newest of publication and published updates: "last updated" and the sitemap's lastmod. */
  lastChanged: Date;
  /** The organisation's slug when it published a transparency register (K16): the page links it. */
  transparencySlug: string | null;
}

/** The page's bytes per variant, as the web part renders them. */
export interface RenderedBreachPage {
  nl: string;
  en: string;
  "theme.css": string;
}

export type BreachPageRenderer = (view: BreachPageView) => RenderedBreachPage;

export type PageVariant = keyof RenderedBreachPage;

export interface BreachPageJson {
  breachId: string;
  slug: string;
  publishedAt: string;
  /** The page's paths, Dutch and English. */
  paths: { nl: string; en: string };
}

export function presentBreachPage(page: {
  breachId: string;
  slug: string;
  publishedAt: Date;
}): BreachPageJson {
  return {
    breachId: page.breachId,
    slug: page.slug,
    publishedAt: page.publishedAt.toISOString(),
    paths: { nl: `/datalek/${page.slug}`, en: `/en/datalek/${page.slug}` },
  };
}

function bilingual(value: unknown): BilingualText | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { nl, en } = value as Record<string, unknown>;
  if (typeof nl !== "string" || nl.trim() === "") return undefined;
  return { nl, en: typeof en === "string" && en.trim() !== "" ? en : nl };
}

function colour(value: unknown): string | undefined {
  return typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value) ? value : undefined;
}

/** The look: the validated profile's portal colours first, the older free-form theme column second. */
function themeOf(breach: PublishedBreach): BreachPageView["theme"] {
  const profile = breach.organisation.profile as Partial<OrganisationProfile> | null;
  const colours = profile?.portal?.colours ?? {};
  const column = breach.organisation.theme;
  const logo = column.logo;
  const primary = colour(colours.primary) ?? colour(column.primary);
  const text = colour(colours.text) ?? colour(column.text);
  const background = colour(colours.background) ?? colour(column.background);
  return {
    ...(primary ? { primary } : {}),
    ...(text ? { text } : {}),
    ...(background ? { background } : {}),
    ...(typeof logo === "string" ? { logo } : {}),
  };
}

function contactOf(breach: PublishedBreach, texts: Record<string, unknown> | undefined) {
  const profile = breach.organisation.profile as Partial<OrganisationProfile> | null;
  const hours = bilingual(profile?.contactHours) ?? bilingual(texts?.contactHours);
  return {
    name: profile?.name ?? breach.organisation.name,
    ...(profile?.phone ? { phone: profile.phone } : {}),
    ...(hours ? { hours } : {}),
    ...(profile?.website ? { website: profile.website } : {}),
    ...(profile?.dpo?.email ? { email: profile.dpo.email } : {}),
  };
}

/** Gathers what the page of a published breach shows; undefined when the breach has no published page. */
export async function breachPageView(
  ctx: OperationContext,
  breachId: string,
): Promise<BreachPageView | undefined> {
  const breach = await breachPages.getPublished(ctx.db, breachId);
  if (!breach) return undefined;
  const [updates, noticeTexts, warnings, register] = await Promise.all([
    breachPages.publishedUpdates(ctx.db, breachId),
    breachPages.approvedNoticeTexts(ctx.db, breachId),
    phishingReports.activeWarnings(ctx.db, breachId),
    transparency.latest(ctx.db, breach.organisationId),
  ]);
  const texts: BreachPageView["texts"] = {};
  for (const id of PAGE_TEXT_IDS) {
    const text = bilingual(noticeTexts?.[id]);
    if (text) texts[id] = text;
  }
  const data = Array.isArray(breach.facts.data) ? (breach.facts.data as { category?: unknown }[]) : [];
  const newest = updates[0]?.publishedAt;
  return {
    breach,
    categories: data.flatMap((item) => (typeof item.category === "string" ? [item.category] : [])),
    texts,
    contact: contactOf(breach, noticeTexts),
    theme: themeOf(breach),
    updates,
    warnings: warnings.map((w) => ({ title: w.title, body: w.body, publishedAt: w.publishedAt })),
    lastChanged: newest && newest > breach.publishedAt ? newest : breach.publishedAt,
    transparencySlug: register ? breach.organisation.slug : null,
  };
}

/** A strong validator of the exact bytes: a CDN and a browser may reuse a copy with the same one. */
function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

/**
 * Renders and stores the breach's page again, after anything it shows changed. Without a renderer in the
 * context, the stored bytes are dropped and the web door renders them at the next request. Does nothing for a
 * breach without a published page. Every change that shows on a page calls this.
 */
export async function refreshBreachPage(ctx: OperationContext, breachId: string): Promise<void> {
  if (!UUID.test(breachId)) return;
  const render = ctx.breachPages;
  const view = render ? await breachPageView(ctx, breachId) : undefined;
  if (!render || !view) {
    await breachPages.forget(ctx.db, breachId);
    return;
  }
  const rendered = render(view);
  await breachPages.save(
    ctx.db,
    breachId,
    (["nl", "en", "theme.css"] as const).map((variant) => ({
      variant,
      body: rendered[variant],
      etag: etagOf(rendered[variant]),
    })),
  );
}

/** Refreshes every published page of an organisation (its profile — contact, look — changed). */
export async function refreshOrganisationPages(ctx: OperationContext, organisationId: string): Promise<void> {
  for (const breachId of await breachPages.publishedOfOrganisation(ctx.db, organisationId))
    await refreshBreachPage(ctx, breachId);
}

/**
 * Publishes the page of one of the organisation's breaches at `/datalek/<slug>` (the breach's own slug unless
 * another is given). Publishing again keeps the first publication date and may move the page to a new address.
 * A breach still in draft has no assessment to show, and an address another published page has is refused.
 */
export async function publishBreachPage(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; slug?: string | undefined },
): Promise<BreachPageJson> {
  const organisationId = actingOrganisation(actor, "breach.publish-page");
  const notFound = new OperationProblem("not-found", "There is no such breach.");
  if (!UUID.test(input.breachId)) throw notFound;
  const published = await transaction(ctx.db, async (tx) => {
    const breach = await breaches.get(tx, organisationId, input.breachId);
    if (!breach) throw notFound;
    if (breach.status === "draft")
      throw new OperationProblem(
        "conflict",
        "The breach is still a draft: assess it before publishing a page.",
      );
    const slug = input.slug ?? breach.slug;
    if (slug.length > PAGE_SLUG_MAX || !PAGE_SLUG.test(slug))
      throw new OperationProblem("invalid", "The page address is not valid.", [
        {
          path: "slug",
          message: `up to ${PAGE_SLUG_MAX} lower-case letters and digits, in words joined by single hyphens`,
        },
      ]);
    const result = await breachPages.publish(tx, organisationId, breach.id, slug);
    if (result === "taken")
      throw new OperationProblem(
        "conflict",
        `The page address /datalek/${slug} is in use: choose another slug.`,
      );
    if (!result) throw notFound;
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "breach.page-published",
      subject: breach.id,
      details: { slug },
    });
    return { breachId: breach.id, slug: result.pageSlug, publishedAt: result.publishedAt };
  });
  await refreshBreachPage(ctx, published.breachId);
  return presentBreachPage(published);
}

/**
 * The stored bytes of a published page, for anyone: rendered first when none are stored (after a change made
 * without a renderer). Undefined when no published page has the address — the same for a draft breach, an
 * unpublished one and an unknown address.
 */
export async function openBreachPage(
  ctx: OperationContext,
  input: { slug: string; variant: PageVariant },
): Promise<{ body: string; etag: string; renderedAt: Date } | undefined> {
  if (input.slug.length > PAGE_SLUG_MAX || !PAGE_SLUG.test(input.slug)) return undefined;
  const found = await breachPages.read(ctx.db, input.slug, input.variant);
  if (!found) return undefined;
  if (found.stored) return found.stored;
  await refreshBreachPage(ctx, found.breachId);
  return (await breachPages.read(ctx.db, input.slug, input.variant))?.stored;
}

/** Every published page and when it last changed: the sitemap. */
export async function listBreachPages(ctx: OperationContext): Promise<{ slug: string; lastChanged: Date }[]> {
  return (await breachPages.listPublished(ctx.db)).map((p) => ({
    slug: p.pageSlug,
    lastChanged: p.lastChanged,
  }));
}

/** The page an old advice link (which named the organisation) now lives at, if its organisation has one. */
export async function breachPageForOrganisationName(
  ctx: OperationContext,
  name: string,
): Promise<string | undefined> {
  return breachPages.findByOrganisationName(ctx.db, name);
}
