/**
 * `lekwijzer portal requests --org S --breach ID`: what victims asked for on "Mijn plan" (a printed letter, a
 * new address confirmed by a letter with a code, letters instead of e-mail) with each one's status and times,
 * through the same operation any door uses. The organisation need not act: the worker writes the letters.
 * Prints a line each, or with `--json` one object.
 */
import type { Command } from "commander";
import { listPortalRequests } from "../operations/index.ts";
import { type Io, osActor } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { organisationBySlug } from "./org-commands.ts";
import { requireId, withStore } from "./store-session.ts";

interface Options {
  org: string;
  breach: string;
  json?: boolean;
}

export function registerPortalCommands(cli: Command, io: Io): void {
  const portal = cli.command("portal").description('the victim portal: requests made on "Mijn plan"');
  portal
    .command("requests")
    .description(
      "printed letters, new addresses (confirmed by a letter with a code) and letter preferences asked for, with status and times",
    )
    .requiredOption("--org <slug>", "the organisation")
    .requiredOption("--breach <id>", "the breach")
    .option("--json", "print one JSON object")
    .action(async (options: Options) => {
      requireId("--breach", options.breach, "a breach id");
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const actor = cliActor(osActor(io), organisation.id);
        const requests = await asInput(() => listPortalRequests(store, actor, { breachId: options.breach }));
        const lines = requests.map((r) => {
          const address = r.address
            ? `\t${r.address.street} ${r.address.houseNumber}, ${r.address.postcode} ${r.address.city}`
            : "";
          const times = [
            r.sentAt ? `sent ${r.sentAt}` : "",
            r.codeExpiresAt && r.status === "awaiting-code" ? `code until ${r.codeExpiresAt}` : "",
            r.doneAt ? `done ${r.doneAt}` : "",
            r.returnedAt ? `returned ${r.returnedAt}` : "",
          ].filter(Boolean);
          return `${r.createdAt}\t${r.externalId}\t${r.kind}\t${r.status}${times.length > 0 ? `\t${times.join(", ")}` : ""}${address}`;
        });
        io.stdout(
          options.json
            ? `${JSON.stringify({ requests })}\n`
            : `${lines.length === 0 ? "No requests." : lines.join("\n")}\n`,
        );
      });
    });
}
