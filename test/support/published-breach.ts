/** A breach whose public page is published at `/datalek/<slug>`: what the public sub-pages (check, report) need. */
import { type Breach, breaches, breachPages, type Executor } from "../../src/store/index.ts";

export async function createPublishedBreach(
  db: Executor,
  input: Parameters<typeof breaches.create>[1],
): Promise<Breach> {
  const breach = await breaches.create(db, input);
  const published = await breachPages.publish(db, input.organisationId, breach.id, input.slug);
  if (!published || published === "taken")
    throw new Error(`the page /datalek/${input.slug} could not be published`);
  return breach;
}
