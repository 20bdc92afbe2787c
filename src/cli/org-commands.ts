/**
 * The operator's commands for organisations and API keys: `org create|list`, `apikey create|list|revoke`
 * (the profile and domains are in profile-commands.ts, breaches in breach-commands.ts). Each prints a readable line, or with `--json` one JSON object on
 * stdout whose `id` is the created object's id. Changes are recorded in the audit log under `--actor`.
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  apiKeys,
  audit,
  normaliseHolder,
  type Organisation,
  organisations,
  transaction,
} from "../store/index.ts";
import { type Io, invalidInput } from "./io.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

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
      const problems: string[] = [];
      if (!SLUG.test(options.slug))
        problems.push(
          "--slug: use 3 to 64 lower-case letters, digits and hyphens, starting and ending with a letter or digit",
        );
      if (options.name.trim() === "" || options.name.length > 200)
        problems.push("--name: 1 to 200 characters");
      if (problems.length > 0) throw invalidInput(problems);
      await withStore(async (store) => {
        const created = await transaction(store.db, async (tx) => {
          if (await organisations.getBySlug(tx, options.slug)) return undefined;
          const organisation = await organisations.create(tx, {
            slug: options.slug,
            name: options.name.trim(),
          });
          await audit.append(tx, store.keys, {
            actor: options.actor,
            action: "organisation.created",
            subject: organisation.id,
            details: { slug: organisation.slug },
          });
          return organisation;
        });
        if (!created)
          throw invalidInput([`--slug: an organisation with slug "${options.slug}" exists already`]);
        print(
          options.json,
          { id: created.id, slug: created.slug, name: created.name },
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
        const all = await organisations.list(store.db);
        print(
          options.json,
          { organisations: all.map((o) => ({ id: o.id, slug: o.slug, name: o.name })) },
          all.length === 0 ? "No organisations." : all.map((o) => `${o.slug}\t${o.id}\t${o.name}`).join("\n"),
        );
      });
    });

  const apikey = subcommand(cli, "apikey", "API keys of organisations");
  apikey
    .command("create")
    .description("create an API key (shown once; only its digest is stored)")
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption(
      "--scope <scope>",
      "read, write (prepare), send (approve and start) or admin (profile, domains)",
    )
    .requiredOption(
      "--holder <name>",
      "the person who holds the key (approval needs another holder than creation)",
    )
    .option("--label <label>", "what the key is for", "")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (options: Common & { org: string; scope: string; holder: string; label: string }) => {
      const problems: string[] = [];
      if (!(API_KEY_SCOPES as readonly string[]).includes(options.scope))
        problems.push(`--scope: expected ${API_KEY_SCOPES.join(", ")}, got "${options.scope}"`);
      const holder = normaliseHolder(options.holder);
      if (holder === "" || holder.length > 200)
        problems.push("--holder: the holder's name, 1 to 200 characters");
      if (options.label.length > 200) problems.push("--label: at most 200 characters");
      if (problems.length > 0) throw invalidInput(problems);
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const { key, secret } = await transaction(store.db, async (tx) => {
          const created = await apiKeys.create(tx, {
            organisationId: organisation.id,
            scope: options.scope as ApiKeyScope,
            holder,
            label: options.label,
            createdBy: options.actor,
          });
          await audit.append(tx, store.keys, {
            actor: options.actor,
            action: "apikey.created",
            subject: created.key.id,
            details: {
              organisation: organisation.id,
              scope: created.key.scope,
              holder: created.key.holder,
              hint: created.key.hint,
            },
          });
          return created;
        });
        print(
          options.json,
          {
            id: key.id,
            organisation: organisation.slug,
            scope: key.scope,
            holder: key.holder,
            label: key.label,
            hint: key.hint,
            secret,
          },
          `API key ${key.id} (${key.scope}, held by ${key.holder}) for ${organisation.slug}:\n${secret}\nStore it now: it is not shown again.`,
        );
      });
    });
  apikey
    .command("list")
    .description("list an organisation's API keys (hints only, never secrets)")
    .requiredOption("--org <slug>", "the organisation")
    .option("--json", "print one JSON object")
    .action(async (options: { org: string; json?: boolean }) => {
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const keys = await apiKeys.listByOrganisation(store.db, organisation.id);
        const rows = keys.map((k) => ({
          id: k.id,
          scope: k.scope,
          holder: k.holder,
          label: k.label,
          hint: k.hint,
          createdBy: k.createdBy,
          createdAt: k.createdAt.toISOString(),
          revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
        }));
        print(
          options.json,
          { keys: rows },
          rows.length === 0
            ? "No API keys."
            : rows
                .map(
                  (k) =>
                    `${k.id}\t${k.scope}\t${k.hint}…\t${k.revokedAt ? `revoked ${k.revokedAt}` : "live"}\t${k.holder}\t${k.label}`,
                )
                .join("\n"),
        );
      });
    });
  apikey
    .command("revoke")
    .description("revoke an API key: it stops working at once")
    .requiredOption("--org <slug>", "the organisation")
    .argument("<id>", "the key's id")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (id: string, options: Common & { org: string }) => {
      requireId("id", id, "a key id");
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const revoked = await transaction(store.db, async (tx) => {
          const done = await apiKeys.revoke(tx, organisation.id, id);
          if (done)
            await audit.append(tx, store.keys, {
              actor: options.actor,
              action: "apikey.revoked",
              subject: id,
              details: { organisation: organisation.id },
            });
          return done;
        });
        if (!revoked) throw invalidInput([`id: no live key ${id} of organisation ${organisation.slug}`]);
        print(options.json, { id, revoked: true }, `API key ${id} revoked.`);
      });
    });
}
