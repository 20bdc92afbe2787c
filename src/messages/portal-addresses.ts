/**
 * The portal's short addresses that first notices tell people to type: the personal plan (opened with the
 * personal code, which is typed into a form and never put in an address) and the breach page with its "am I
 * affected?" sub-page. They name the breach by its slug and never the person, so one address serves everyone;
 * messages may not import the web part, so the paths live here and the web part may import them.
 */

import { typedAddress } from "./compose/wording.ts";
import type { Language } from "./message.ts";

/** The personal plan (Dutch path; English under `/en`). */
export const PLAN_PATH = "/mijn-plan";
/** The breach pages: `/datalek/<slug>`, and `/datalek/<slug>/getroffen` to ask for a code. */
export const BREACH_PAGE_PATH = "/datalek";
export const AFFECTED_SUBPATH = "/getroffen";

export interface PortalAddresses {
  /** `lekwijzer.example.org/mijn-plan` (English: `…/en/mijn-plan`). */
  plan: string;
  /** `lekwijzer.example.org/datalek/<slug>`; absent when the setup has no breach slug. */
  breach?: string;
  /** `lekwijzer.example.org/datalek/<slug>/getroffen`: where someone without a code asks for one. */
  affected?: string;
}

/** Breach slugs as the store allows them: lower-case letters, digits and inner dashes. */
export const BREACH_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;

/** The addresses for one language, without scheme and as people type them from paper. */
export function portalAddresses(
  publicUrl: string,
  slug: string | undefined,
  language: Language,
): PortalAddresses {
  const base = `${publicUrl.replace(/\/+$/, "")}${language === "en" ? "/en" : ""}`;
  const plan = typedAddress(`${base}${PLAN_PATH}`);
  if (!slug || !BREACH_SLUG.test(slug)) return { plan };
  const breach = typedAddress(`${base}${BREACH_PAGE_PATH}/${slug}`);
  return { plan, breach, affected: `${breach}${AFFECTED_SUBPATH}` };
}
