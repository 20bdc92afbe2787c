/**
 * `lekwijzer breach create|update-facts|list|publish-page|register|evidence`: an organisation's breaches, through the same operations as the
 * API. With
 * `--json` each prints the API's shape (`presentBreach`); the creation is audit-logged under `--actor`
 * (default: the operating-system user). `breach hold|release` are in store-commands.ts.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { InvalidInputError } from "../core/index.ts";
import {
  breachEvidence,
  createBreach,
  evidencePdf,
  listBreaches,
  listBreachesOfAllOrganisations,
  presentBreach,
  publishBreachPage,
  setRegisterListing,
  updateBreachFacts,
} from "../operations/index.ts";
import type { Breach } from "../store/index.ts";
import { type Io, readJsonInput } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { defaultActor, organisationBySlug } from "./org-commands.ts";
import { withStore } from "./store-session.ts";

/** A worked example (examples/*.json) wraps its facts as `{ facts, expected }`; bare facts pass through. */
function unwrapExample(input: unknown): unknown {
  if (input !== null && typeof input === "object" && "facts" in input && "expected" in input)
    return (input as { facts: unknown }).facts;
  return input;
}

function riskOf(breach: Breach): unknown {
  return (breach.assessment as { risk?: unknown } | null)?.risk ?? null;
}

export function registerBreachCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  const breach =
    cli.commands.find((c) => c.name() === "breach") ?? cli.command("breach").description("breaches");

  breach
    .command("create")
    .description(
      "create a breach of an organisation from facts (JSON, contracts §2) and store its assessment",
    )
    .requiredOption("--org <slug>", "the organisation")
    .argument("<facts>", "breach facts as JSON (or a worked example from examples/), or - for standard input")
    .option("--slug <slug>", "the breach's slug (default: organisation, date and a random suffix)")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (file: string, options: { org: string; slug?: string; actor: string; json?: boolean }) => {
      const facts = unwrapExample(await readJsonInput(file, io));
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const actor = cliActor(options.actor, organisation.id);
        const created = await asInput(() => createBreach(store, actor, { facts, slug: options.slug }));
        print(
          options.json,
          presentBreach(created, { full: true }),
          `Breach ${created.slug} created: ${created.id} (risk: ${riskOf(created)}). Import victims with: lekwijzer import --breach ${created.id} FILE`,
        );
      });
    });

  registerUpdateFacts(breach, print, io);
  registerPublishPage(breach, print);
  registerRegister(breach, print);
  registerEvidence(breach, print);

  breach
    .command("list")
    .description("list breaches, of one organisation or all")
    .option("--org <slug>", "only this organisation's")
    .option("--json", "print one JSON object")
    .action(async (options: { org?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const rows = options.org
          ? await organisationBreaches(store, defaultActor(), options.org)
          : await listBreachesOfAllOrganisations(store, cliActor(defaultActor()));
        print(
          options.json,
          {
            breaches: rows.map((r) => ({
              ...(options.org ? {} : { organisation: r.organisationSlug }),
              ...presentBreach(r.breach, { full: false }),
            })),
          },
          rows.length === 0
            ? "No breaches."
            : rows
                .map(
                  ({ organisationSlug, breach: b }) =>
                    `${b.id}\t${organisationSlug}\t${b.slug}\t${b.status}\t${riskOf(b)}`,
                )
                .join("\n"),
        );
      });
    });
}

async function organisationBreaches(
  store: Parameters<typeof organisationBySlug>[0],
  actorName: string,
  slug: string,
): Promise<{ organisationSlug: string; breach: Breach }[]> {
  const organisation = await organisationBySlug(store, slug);
  const list = await listBreaches(store, cliActor(actorName, organisation.id));
  return list.map((breach) => ({ organisationSlug: organisation.slug, breach }));
}

/** `breach update-facts`: replaces a breach's facts and assessment (the API's PUT …/facts); voids approvals. */
function registerUpdateFacts(
  breach: Command,
  print: (json: boolean | undefined, object: unknown, text: string) => void,
  io: Io,
) {
  breach
    .command("update-facts")
    .description(
      "replace a breach's facts (JSON, contracts §2) and assess them again; the approvals of its campaigns end",
    )
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption("--breach <id>", "the breach")
    .argument("<facts>", "breach facts as JSON (or a worked example from examples/), or - for standard input")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (file: string, options: { org: string; breach: string; actor: string; json?: boolean }) => {
      const facts = unwrapExample(await readJsonInput(file, io));
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const actor = cliActor(options.actor, organisation.id);
        const change = await asInput(() =>
          updateBreachFacts(store, actor, { breachId: options.breach, facts }),
        );
        const voided = change.voidedCampaigns.length;
        print(
          options.json,
          { ...change, breach: presentBreach(change.breach, { full: true }) },
          change.changed
            ? `Breach ${change.breach.slug} facts updated (risk: ${change.riskBefore ?? "none"} -> ${riskOf(change.breach)}); approvals voided: ${voided}`
            : `Breach ${change.breach.slug}: the facts are the same; nothing changed`,
        );
      });
    });
}

/** `breach publish-page`: the organisation makes its breach's public page live (the API's POST …/page). */
function registerPublishPage(
  breach: Command,
  print: (json: boolean | undefined, object: unknown, text: string) => void,
) {
  breach
    .command("publish-page")
    .description("publish the breach's public page at /datalek/SLUG (the breach's slug unless --slug)")
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption("--breach <id>", "the breach")
    .option("--slug <slug>", "the page's address (default: the breach's slug)")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(
      async (options: { org: string; breach: string; slug?: string; actor: string; json?: boolean }) => {
        await withStore(async (store) => {
          const organisation = await organisationBySlug(store, options.org);
          const actor = cliActor(options.actor, organisation.id);
          const published = await asInput(() =>
            publishBreachPage(store, actor, { breachId: options.breach, slug: options.slug }),
          );
          print(
            options.json,
            published,
            `Breach page published: ${published.paths.nl} and ${published.paths.en}`,
          );
        });
      },
    );
}

/** `breach register`: the organisation lists its breach in the public register (the API's PUT …/register). */
function registerRegister(
  breach: Command,
  print: (json: boolean | undefined, object: unknown, text: string) => void,
) {
  breach
    .command("register")
    .description(
      "list the breach in the public register of large breaches at /datalekken (its page must be published)",
    )
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption("--breach <id>", "the breach")
    .option("--remove", "take the breach off the register again")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(
      async (options: { org: string; breach: string; remove?: boolean; actor: string; json?: boolean }) => {
        await withStore(async (store) => {
          const organisation = await organisationBySlug(store, options.org);
          const actor = cliActor(options.actor, organisation.id);
          const listing = await asInput(() =>
            setRegisterListing(store, actor, { breachId: options.breach, listed: !options.remove }),
          );
          print(
            options.json,
            listing,
            listing.listed
              ? `Listed in the register since ${listing.listedAt}: /datalekken links to /datalek/${listing.slug}`
              : "Not listed in the register.",
          );
        });
      },
    );
}

/** `breach evidence`: the breach's evidence (GDPR art. 33(5)) as JSON on stdout, or as a PDF file. */
function registerEvidence(
  breach: Command,
  print: (json: boolean | undefined, object: unknown, text: string) => void,
) {
  breach
    .command("evidence")
    .description(
      "export the breach's evidence: timeline, counts sent, checks, approvals, audit chain (JSON, or --pdf FILE)",
    )
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption("--breach <id>", "the breach")
    .option("--pdf <file>", "write a tagged PDF to this file instead of printing JSON")
    .option("--lang <nl|en>", "the PDF's language", "nl")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .action(async (options: { org: string; breach: string; pdf?: string; lang: string; actor: string }) => {
      if (options.lang !== "nl" && options.lang !== "en")
        throw new InvalidInputError([{ path: "--lang", message: `must be nl or en, not "${options.lang}"` }]);
      const language = options.lang;
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const actor = cliActor(options.actor, organisation.id);
        const report = await asInput(() => breachEvidence(store, actor, { breachId: options.breach }));
        if (!options.pdf) {
          print(true, report, "");
          return;
        }
        await writeFile(options.pdf, await evidencePdf(report, language));
        print(
          false,
          {},
          `Evidence written to ${options.pdf} (${report.timeline.length} events, audit chain ${report.audit.chain.ok ? "verified" : "BROKEN"})`,
        );
      });
    });
}
