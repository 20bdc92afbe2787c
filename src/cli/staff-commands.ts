/**
 * `lekwijzer staff add|list|disable|roles|reset-totp`: the operator's tool for console staff accounts, through
 * the staff operations. With `--org` it acts on that organisation's staff; without it, on the platform's own
 * (regulators and platform administrators). A new account gets an e-mail to set its password (sent by a
 * worker: `serve` in embedded mode, `lekwijzer worker` in production). Each prints a readable line, or with
 * `--json` the same shape as `presentStaff`. Changes are audit-logged under `--actor`.
 */
import type { Command } from "commander";
import {
  createStaff,
  disableStaff,
  listStaff,
  presentStaff,
  resetStaffTotp,
  STAFF_ROLES,
  type StaffJson,
  setStaffRoles,
} from "../operations/index.ts";
import type { Io } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { defaultActor, organisationBySlug } from "./org-commands.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

interface Common {
  org?: string;
  actor: string;
  json?: boolean;
}

/** The operator acting for the organisation named by --org, or for the platform without it. */
async function actorFor(store: StoreSession, options: { org?: string | undefined; actor?: string }) {
  const organisation = options.org ? await organisationBySlug(store, options.org) : undefined;
  return cliActor(options.actor ?? defaultActor(), organisation?.id ?? null);
}

function staffLine(staff: StaffJson): string {
  const factor = staff.secondFactor ? "code set" : "no code yet";
  return `${staff.id}\t${staff.state}\t${factor}\t${staff.roles.join(",")}\t${staff.displayName}\t${staff.email}`;
}

const roleList = (value: string, previous: string[] = []) => [...previous, ...value.split(",")];

/**
 * One piece because it is the `staff` command's table: five subcommands side by side, each a few options and a
 * call to its operation, read together like the help text they make.
 */
export function registerStaffCommands(cli: Command, io: Io): void {
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  const staff = cli.command("staff").description("console staff accounts");
  const roles = `roles (repeat or comma-separate): ${STAFF_ROLES.join(", ")}`;

  staff
    .command("add")
    .description("add a staff member; they get an e-mail to set their password")
    .option("--org <slug>", "the organisation (leave out for a regulator or platform administrator)")
    .requiredOption("--email <address>", "their e-mail address (their log-in name)")
    .requiredOption("--name <name>", "their name as shown in the console")
    .requiredOption("--role <role>", roles, roleList)
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (options: Common & { email: string; name: string; role: string[] }) => {
      await withStore(async (store) => {
        const actor = await actorFor(store, options);
        const input = { email: options.email, displayName: options.name, roles: options.role };
        const { account, invited } = await asInput(
          () => createStaff(store, actor, input),
          (p) => (p === "displayName" ? "--name" : p === "roles" ? "--role" : `--${p}`),
        );
        print(
          options.json,
          { ...presentStaff(account), invited },
          `Staff member ${account.id} (${account.roles.join(", ")}) added.${invited ? " An e-mail to set a password is queued; it goes out while `lekwijzer serve` (embedded) or a worker runs." : ""}`,
        );
      });
    });

  staff
    .command("list")
    .description("list staff accounts")
    .option("--org <slug>", "the organisation (leave out for the platform's own staff)")
    .option("--json", "print one JSON object")
    .action(async (options: Common) => {
      await withStore(async (store) => {
        const actor = await actorFor(store, options);
        const list = (await listStaff(store, actor)).map((s) => presentStaff(s));
        print(
          options.json,
          { staff: list },
          list.length === 0 ? "No staff." : list.map(staffLine).join("\n"),
        );
      });
    });

  staff
    .command("disable")
    .description("disable a staff member: their sessions end at once")
    .option("--org <slug>", "the organisation (leave out for the platform's own staff)")
    .argument("<id>", "the staff member's id")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (id: string, options: Common) => {
      requireId("id", id, "a staff id");
      await withStore(async (store) => {
        const actor = await actorFor(store, options);
        await asInput(() => disableStaff(store, actor, { id }));
        print(options.json, { id, disabled: true }, `Staff member ${id} disabled.`);
      });
    });

  staff
    .command("roles")
    .description("replace a staff member's roles")
    .option("--org <slug>", "the organisation (leave out for the platform's own staff)")
    .argument("<id>", "the staff member's id")
    .requiredOption("--role <role>", roles, roleList)
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (id: string, options: Common & { role: string[] }) => {
      requireId("id", id, "a staff id");
      await withStore(async (store) => {
        const actor = await actorFor(store, options);
        const account = await asInput(
          () => setStaffRoles(store, actor, { id, roles: options.role }),
          () => "--role",
        );
        print(
          options.json,
          presentStaff(account),
          `Staff member ${id} now has: ${account.roles.join(", ")}.`,
        );
      });
    });

  staff
    .command("reset-totp")
    .description("forget a staff member's log-in codes (a lost phone): the next log-in sets them up again")
    .option("--org <slug>", "the organisation (leave out for the platform's own staff)")
    .argument("<id>", "the staff member's id")
    .option("--actor <name>", "who does it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (id: string, options: Common) => {
      requireId("id", id, "a staff id");
      await withStore(async (store) => {
        const actor = await actorFor(store, options);
        await asInput(() => resetStaffTotp(store, actor, { id }));
        print(options.json, { id, totpReset: true }, `Log-in codes of staff member ${id} reset.`);
      });
    });
}
