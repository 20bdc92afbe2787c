/**
 * The operator's commands for organisations: `org create|list` (API keys are in key-commands.ts, breaches in
 * breach-commands.ts, the profile and domains in profile-commands.ts). Each prints a readable line, or with
 * `--json` one JSON object on stdout whose `id` is the created object's id. Changes are recorded in the audit
 * log under `--actor`.
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { createOrganisation, listOrganisations, presentOrganisation } from "../operations/index.ts";
import { type Organisation, organisations } from "../store/index.ts";
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
}
