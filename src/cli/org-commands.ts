/**
 * The operator's commands for organisations and breaches: `org create|list`, `breach create|list` (API keys are
 * in key-commands.ts, the profile and domains in profile-commands.ts). Each prints a readable line, or with
 * `--json` one JSON object on stdout whose `id` is the created object's id. Changes are recorded in the audit
 * log under `--actor`.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { createOrganisation, listOrganisations, presentOrganisation } from "../operations/index.ts";
import { type Breach, breaches, type Organisation, organisations } from "../store/index.ts";
import { createBreach } from "../web/index.ts";
import { type Io, invalidInput } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { type StoreSession, withStore } from "./store-session.ts";

/** Who runs the command when --actor is not given: the operating-system user. */
export function defaultActor(): string {
  try {
    return userInfo().username || "cli";
  } catch {
    return "cli";
  }
}

export async function organisationBySlug(store: StoreSession, slug: string): Promise<Organisation> {
  const organisation = await organisations.getBySlug(store.db, slug);
  if (!organisation) throw invalidInput([`--org: no organisation with slug "${slug}"`]);
  return organisation;
}

function breachJson(breach: Breach, organisationSlug?: string) {
  const assessment = breach.assessment as { risk?: string; obligations?: Record<string, unknown> } | null;
  return {
    id: breach.id,
    slug: breach.slug,
    title: breach.title,
    organisationId: breach.organisationId,
    ...(organisationSlug ? { organisation: organisationSlug } : {}),
    status: breach.status,
    awareAt: breach.awareAt.toISOString(),
    risk: assessment?.risk ?? null,
    notifyAuthority: assessment?.obligations?.notifyAuthority ?? null,
    notifySubjects: assessment?.obligations?.notifySubjects ?? null,
    createdAt: breach.createdAt.toISOString(),
  };
}

/** A worked example (examples/*.json) wraps its facts as `{ facts, expected }`; bare facts pass through. */
function unwrapExample(input: unknown): unknown {
  if (input !== null && typeof input === "object" && "facts" in input && "expected" in input)
    return (input as { facts: unknown }).facts;
  return input;
}

async function readFacts(file: string, io: Io): Promise<unknown> {
  let text: string;
  if (file === "-") text = await io.readStdin();
  else {
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw invalidInput([`${file}: ${code === "ENOENT" ? "no such file" : `cannot read (${code})`}`]);
    }
  }
  try {
    return unwrapExample(JSON.parse(text));
  } catch (error) {
    throw invalidInput([`(root): not valid JSON: ${(error as Error).message}`]);
  }
}

function subcommand(cli: Command, name: string, description: string): Command {
  return cli.commands.find((c) => c.name() === name) ?? cli.command(name).description(description);
}

interface Common {
  json?: boolean;
  actor: string;
}

export function registerOrgCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);

  const org = subcommand(cli, "org", "organisations (the controllers that use the platform)");
  org
    .command("create")
    .description("create an organisation")
    .requiredOption("--name <name>", "the organisation's name")
    .requiredOption("--slug <slug>", "short name in URLs and commands (a-z, 0-9, -)")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (options: Common & { name: string; slug: string }) => {
      await withStore(async (store) => {
        const created = await asInput(
          () => createOrganisation(store, cliActor(options.actor), options),
          (path) => `--${path}`,
        );
        print(
          options.json,
          presentOrganisation(created),
          `Organisation ${created.slug} created: ${created.id}`,
        );
      });
    });
  org
    .command("list")
    .description("list the organisations")
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const all = await listOrganisations(store, cliActor(defaultActor()));
        print(
          options.json,
          { organisations: all.map(presentOrganisation) },
          all.length === 0 ? "No organisations." : all.map((o) => `${o.slug}\t${o.id}\t${o.name}`).join("\n"),
        );
      });
    });

  const breach = subcommand(cli, "breach", "breaches");
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
    .action(async (file: string, options: Common & { org: string; slug?: string }) => {
      const facts = await readFacts(file, io);
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const result = await createBreach(store, {
          organisationId: organisation.id,
          organisationSlug: organisation.slug,
          facts,
          ...(options.slug !== undefined ? { slug: options.slug } : {}),
          actor: options.actor,
        });
        if (!result.ok) throw invalidInput(result.problems.map((p) => `${p.path || "(root)"}: ${p.message}`));
        const json = breachJson(result.breach, organisation.slug);
        print(
          options.json,
          json,
          `Breach ${json.slug} created: ${json.id} (risk: ${json.risk}). Import victims with: lekwijzer import --breach ${json.id} FILE`,
        );
      });
    });
  breach
    .command("list")
    .description("list breaches, of one organisation or all")
    .option("--org <slug>", "only this organisation's")
    .option("--json", "print one JSON object")
    .action(async (options: { org?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const all = options.org
          ? await breaches.listByOrganisation(store.db, (await organisationBySlug(store, options.org)).id)
          : await breaches.list(store.db);
        const slugs = new Map((await organisations.list(store.db)).map((o) => [o.id, o.slug]));
        const rows = all.map((b) => breachJson(b, slugs.get(b.organisationId)));
        print(
          options.json,
          { breaches: rows },
          rows.length === 0
            ? "No breaches."
            : rows.map((b) => `${b.id}\t${b.organisation}\t${b.slug}\t${b.status}\t${b.risk}`).join("\n"),
        );
      });
    });
}
