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
  type ProfileView,
  setProfile,
  showProfile,
  systemTxtResolver,
  verifyDomain,
  verifyDomainByHand,
} from "../operations/index.ts";
import { type Io, readJsonInput } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { defaultActor, organisationBySlug } from "./org-commands.ts";
import { type StoreSession, withStore } from "./store-session.ts";

type Print = (json: boolean | undefined, object: unknown, text: string) => void;

function subcommand(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

/** The operator acting for the organisation named by --org. */
async function actorFor(store: StoreSession, options: { org: string; actor?: string }) {
  const organisation = await organisationBySlug(store, options.org);
  return { organisation, actor: cliActor(options.actor ?? defaultActor(), organisation.id) };
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
  const print: Print = (json, object, text) => io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  const org = subcommand(cli, "org", "organisations (the controllers that use the platform)");
  registerProfile(org, io, print);
  registerDomains(org, io, print);
}

function setText(slug: string, result: Awaited<ReturnType<typeof setProfile>>): string {
  const pending = result.domains.filter((d) => d.status === "unverified");
  return [
    result.changed ? `Sender profile of ${slug} set.` : "Sender profile unchanged.",
    profileText(result),
    ...(result.voidedCampaigns.length > 0
      ? [`Approvals voided (check and approve again): ${result.voidedCampaigns.join(", ")}`]
      : []),
    ...(pending.length > 0 ? ["Verify these domains before sending:", ...pending.map(domainText)] : []),
  ].join("\n");
}

function registerProfile(org: Command, io: Io, print: Print): void {
  const profile = org.command("profile").description("the organisation's sender profile");
  profile
    .command("show")
    .description("show the sender profile (never the DKIM private key)")
    .requiredOption("--org <slug>", "the organisation")
    .option("--json", "print one JSON object: { profile, dkimKey, updatedAt }")
    .action(async (options: { org: string; json?: boolean }) => {
      await withStore(async (store) => {
        const { actor } = await actorFor(store, options);
        const view = await asInput(() => showProfile(store, actor));
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
        const { organisation, actor } = await actorFor(store, options);
        const result = await asInput(() => setProfile(store, actor, { profile: input }));
        print(options.json, result, setText(organisation.slug, result));
      });
    });
}

function registerDomains(org: Command, io: Io, print: Print): void {
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
        const { actor } = await actorFor(store, options);
        const view = await asInput(() => addDomain(store, actor, { domain: name }));
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
          const { actor } = await actorFor(store, options);
          const view = await asInput(() =>
            options.byHand !== undefined
              ? verifyDomainByHand(store, actor, { domain: name, reason: options.byHand })
              : verifyDomain(store, actor, {
                  domain: name,
                  resolveTxt: io.resolveTxt ?? systemTxtResolver(),
                }),
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
        const { actor } = await actorFor(store, options);
        const domains = await listDomains(store, actor);
        print(
          options.json,
          { domains },
          domains.length === 0 ? "No sending domains." : domains.map(domainText).join("\n"),
        );
      });
    });
}
