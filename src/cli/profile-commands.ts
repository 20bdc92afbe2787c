/**
 * `lekwijzer org profile show|set` and `lekwijzer org domain add|verify|list`: an organisation's sender profile
 * and sending domains, through the same operations as the API. Changes are audit-logged under `--actor`
 * (default: the operating-system user).
 */
import type { Command } from "commander";
import {
  addDomain,
  type DomainView,
  listDomains,
  OperationProblem,
  type ProfileView,
  setProfile,
  showProfile,
  systemTxtResolver,
  verifyDomain,
  verifyDomainByHand,
} from "../operations/index.ts";
import { type Io, invalidInput, readJsonInput } from "./io.ts";
import { defaultActor, organisationBySlug } from "./org-commands.ts";
import { withStore } from "./store-session.ts";

/** Operation refusals are the caller's to fix: exit 2 with every problem; a failed DNS look-up is exit 1. */
async function asInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OperationProblem && error.code !== "unavailable") {
      throw invalidInput(
        error.problems.length > 0 ? error.problems.map((p) => `${p.path}: ${p.message}`) : [error.message],
      );
    }
    throw error;
  }
}

function subcommand(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

function profileText(view: ProfileView): string {
  const p = view.profile;
  const lines = [
    `${p.name} <${p.senderEmail}>${p.replyTo ? `, replies to ${p.replyTo}` : ""}`,
    `  domains: ${p.domains.join(", ")}; website: ${p.website}`,
    `  post: ${p.postalAddress.join(", ")}${p.phone ? `; phone ${p.phone}` : ""}`,
    `  DKIM: ${p.dkim.signer === "relay" ? "signed by the relay" : `Lekwijzer signs as ${p.dkim.keySelector}._domainkey.${p.dkim.domainName}`}${view.dkimKey ? ` (key ${view.dkimKey.fingerprint.slice(0, 16)}…)` : ""}`,
    `  updated: ${view.updatedAt ?? "–"}`,
  ];
  return lines.join("\n");
}

function domainText(domain: DomainView): string {
  const head = `${domain.domain}: ${domain.status}${domain.verifiedAt ? ` (${domain.method} by ${domain.verifiedBy}, ${domain.verifiedAt})` : ""}`;
  const records = domain.records.map((r) => `  ${r.purpose.padEnd(12)} ${r.type} ${r.name}  "${r.value}"`);
  return [head, ...records].join("\n");
}

export function registerProfileCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  const org = subcommand(cli, "org", "organisations (the controllers that use the platform)");

  const profile = org.command("profile").description("the organisation's sender profile");
  profile
    .command("show")
    .description("show the sender profile (never the DKIM private key)")
    .requiredOption("--org <slug>", "the organisation")
    .option("--json", "print one JSON object: { profile, dkimKey, updatedAt }")
    .action(async (options: { org: string; json?: boolean }) => {
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const view = await asInput(() => showProfile(store, organisation.id));
        print(options.json, view, profileText(view));
      });
    });
  profile
    .command("set")
    .description(
      "replace the sender profile from JSON (docs/operations.md); voids approvals of campaigns not yet done",
    )
    .requiredOption("--org <slug>", "the organisation")
    .argument("<file>", "the profile as JSON, or - for standard input")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (file: string, options: { org: string; actor: string; json?: boolean }) => {
      const input = await readJsonInput(file, io);
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const result = await asInput(() =>
          setProfile(store, { organisationId: organisation.id, profile: input, actor: options.actor }),
        );
        const pending = result.domains.filter((d) => d.status === "unverified");
        const text = [
          result.changed ? `Sender profile of ${organisation.slug} set.` : "Sender profile unchanged.",
          profileText(result),
          ...(result.voidedCampaigns.length > 0
            ? [`Approvals voided (check and approve again): ${result.voidedCampaigns.join(", ")}`]
            : []),
          ...(pending.length > 0 ? ["Verify these domains before sending:", ...pending.map(domainText)] : []),
        ].join("\n");
        print(options.json, result, text);
      });
    });

  const domain = org
    .command("domain")
    .description("sending domains: verified before anything is sent from them");
  domain
    .command("add")
    .description("add a sending domain: prints the TXT record that proves control, and SPF, DKIM and DMARC")
    .requiredOption("--org <slug>", "the organisation")
    .argument("<domain>", "the domain, e.g. voorbeeld.nl")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (name: string, options: { org: string; actor: string; json?: boolean }) => {
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const view = await asInput(() =>
          addDomain(store, { organisationId: organisation.id, domain: name, actor: options.actor }),
        );
        print(options.json, view, domainText(view));
      });
    });
  domain
    .command("verify")
    .description("look up the domain's TXT record and mark it verified; --by-hand for offline installations")
    .requiredOption("--org <slug>", "the organisation")
    .argument("<domain>", "the domain")
    .option("--by-hand <reason>", "mark it verified without DNS, saying why (audit-logged)")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(
      async (name: string, options: { org: string; byHand?: string; actor: string; json?: boolean }) => {
        await withStore(async (store) => {
          const organisation = await organisationBySlug(store, options.org);
          const input = { organisationId: organisation.id, domain: name, actor: options.actor };
          const view = await asInput(() =>
            options.byHand !== undefined
              ? verifyDomainByHand(store, { ...input, reason: options.byHand })
              : verifyDomain(store, { ...input, resolveTxt: io.resolveTxt ?? systemTxtResolver() }),
          );
          print(options.json, view, domainText(view));
        });
      },
    );
  domain
    .command("list")
    .description("the sending domains, whether each is verified, and the DNS records to publish")
    .requiredOption("--org <slug>", "the organisation")
    .option("--json", "print one JSON object")
    .action(async (options: { org: string; json?: boolean }) => {
      await withStore(async (store) => {
        const organisation = await organisationBySlug(store, options.org);
        const domains = await listDomains(store, organisation.id);
        print(
          options.json,
          { domains },
          domains.length === 0 ? "No sending domains." : domains.map(domainText).join("\n"),
        );
      });
    });
}
