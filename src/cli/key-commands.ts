/**
 * `lekwijzer apikey create|list|revoke`: an organisation's API keys, through the keys operations. Each prints a
 * readable line, or with `--json` the same JSON shape as every other door (`presentKey`). Changes are recorded
 * in the audit log under `--actor`.
 */
import type { Command } from "commander";
import {
  type Actor,
  createKey,
  type KeyJson,
  listKeys,
  presentCreatedKey,
  presentKey,
  revokeKey,
} from "../operations/index.ts";
import type { Io } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { defaultActor, organisationBySlug } from "./org-commands.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

interface Common {
  org: string;
  json?: boolean;
  actor: string;
}

const asOption = (path: string) => `--${path}`;

/** The operator acting for the organisation named by --org. */
async function actorFor(store: StoreSession, options: { org: string; actor?: string }) {
  const organisation = await organisationBySlug(store, options.org);
  const actor: Actor = cliActor(options.actor ?? defaultActor(), organisation.id);
  return { organisation, actor };
}

function keyLine(key: KeyJson): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : "live";
  return `${key.id}\t${key.scope}\t${key.hint}…\t${state}\t${key.holder}\t${key.label}`;
}

export function registerKeyCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);

  const apikey = cli.command("apikey").description("API keys of organisations");
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
    .action(async (options: Common & { scope: string; holder: string; label: string }) => {
      await withStore(async (store) => {
        const { organisation, actor } = await actorFor(store, options);
        const created = await asInput(() => createKey(store, actor, options), asOption);
        const { key, secret } = created;
        print(
          options.json,
          presentCreatedKey(created),
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
        const { actor } = await actorFor(store, options);
        const keys = (await listKeys(store, actor)).map(presentKey);
        print(options.json, { keys }, keys.length === 0 ? "No API keys." : keys.map(keyLine).join("\n"));
      });
    });
  apikey
    .command("revoke")
    .description("revoke an API key: it stops working at once")
    .requiredOption("--org <slug>", "the organisation")
    .argument("<id>", "the key's id")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (id: string, options: Common) => {
      requireId("id", id, "a key id");
      await withStore(async (store) => {
        const { actor } = await actorFor(store, options);
        await asInput(() => revokeKey(store, actor, { id }));
        print(options.json, { id, revoked: true }, `API key ${id} revoked.`);
      });
    });
}
