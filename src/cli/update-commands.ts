/**
 * `lekwijzer update create|list|publish`: updates of a breach (follow-up news for the people affected),
 * through the same operations as the API. Each prints readable lines, or with `--json` the API's JSON shape.
 * Changes are recorded under the operating-system user who runs them (`os:<user>`), as for campaigns.
 */
import type { Command } from "commander";
import {
  createUpdate,
  listUpdates,
  presentCreatedUpdate,
  presentUpdate,
  publishUpdate,
  type UpdateJson,
} from "../operations/index.ts";
import { type Io, osActor, readJsonInput } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { organisationBySlug } from "./org-commands.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

interface Common {
  org: string;
  breach: string;
  json?: boolean;
}

/** The operator (as their operating-system user) acting for the organisation named by --org. */
async function actorFor(store: StoreSession, io: Io, options: Common) {
  const organisation = await organisationBySlug(store, options.org);
  return cliActor(osActor(io), organisation.id);
}

function updateLine(update: UpdateJson): string {
  return `${update.id}\t${update.status}\t${update.publishedAt ?? "–"}\t${update.title.nl}`;
}

export function registerUpdateCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  const update = cli
    .command("update")
    .description("updates of a breach: follow-up news for the people affected");
  const common = (command: Command) =>
    command
      .requiredOption("--org <slug>", "the organisation")
      .requiredOption("--breach <id>", "the breach")
      .option("--json", "print one JSON object");

  common(
    update
      .command("create")
      .description('write a draft update from JSON: { "title": { "nl", "en"? }, "body": { "nl", "en"? } }')
      .argument("<file>", "the update as JSON, or - for standard input"),
  ).action(async (file: string, options: Common) => {
    requireId("--breach", options.breach, "a breach id");
    const input = (await readJsonInput(file, io)) as { title?: unknown; body?: unknown } | null;
    await withStore(async (store) => {
      const actor = await actorFor(store, io, options);
      const created = await asInput(() =>
        createUpdate(store, actor, { breachId: options.breach, title: input?.title, body: input?.body }),
      );
      const shown = presentCreatedUpdate(created);
      const text = [
        `Update ${shown.id} of breach ${shown.breachId} saved as a draft. Publish it with: lekwijzer update publish --org ${options.org} --breach ${shown.breachId} ${shown.id}`,
        ...(shown.plainLanguage.length > 0 ? ["Plain language (B1) to look at before publishing:"] : []),
        ...shown.plainLanguage.map((w) => `  ${w.path}: ${w.message} ${w.suggestion}`),
      ].join("\n");
      print(options.json, shown, text);
    });
  });

  common(update.command("list").description("the updates of a breach, newest first")).action(
    async (options: Common) => {
      requireId("--breach", options.breach, "a breach id");
      await withStore(async (store) => {
        const actor = await actorFor(store, io, options);
        const updates = (await asInput(() => listUpdates(store, actor, { breachId: options.breach }))).map(
          presentUpdate,
        );
        print(
          options.json,
          { updates },
          updates.length === 0 ? "No updates." : updates.map(updateLine).join("\n"),
        );
      });
    },
  );

  common(
    update
      .command("publish")
      .description("publish a draft update (publishing it again changes nothing)")
      .argument("<id>", "the update's id"),
  ).action(async (id: string, options: Common) => {
    requireId("--breach", options.breach, "a breach id");
    requireId("id", id, "an update id");
    await withStore(async (store) => {
      const actor = await actorFor(store, io, options);
      const published = presentUpdate(
        await asInput(() => publishUpdate(store, actor, { breachId: options.breach, updateId: id })),
      );
      print(options.json, published, `Update ${published.id} published (${published.publishedAt}).`);
    });
  });
}
