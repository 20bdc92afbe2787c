/**
 * What the agent sees of the caller: only what helps the call. Which of the caller's data leaked, their
 * situation (flags), their plan's most important steps, what was sent to them when and whether it arrived, the
 * letters they asked for, and a call script in B1 (Dutch first, English beside it) built from the framework for
 * this caller's categories and flags. Contact details are masked as on "Mijn plan": enough to check that the
 * agent has the right person, too little to read off.
 */
import { type BreachFacts, planFor } from "../assess/index.ts";
import type { BilingualText, OrganisationProfile, SendChannel } from "../core/index.ts";
import {
  type CategoryId,
  type FlagId,
  getCategory,
  getFlag,
  getHelpOrganisation,
  type HelpOrganisationId,
  isCategoryId,
  isFlagId,
} from "../framework/index.ts";
import {
  type Breach,
  breaches,
  contactCentre,
  type OwnPortalRequest,
  organisations,
  portalRequests,
  senderProfiles,
  type Victim,
} from "../store/index.ts";
import type { Actor } from "./actor.ts";
import { callerOfHandle } from "./contact-centre.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { maskEmail, maskPhone, maskPostcode } from "./verification.ts";

/** The plan's most important steps the script names: enough to act on, few enough to remember. */
const SCRIPT_STEPS = 5;

export interface CallerDelivery {
  kind: string;
  channel: string | null;
  status: string;
  sentAt: Date | null;
  deliveredAt: Date | null;
  /** When a bounce or returned letter ended this delivery (the row's last change). */
  bouncedAt: Date | null;
  /** Channels tried before the current one, and how each ended. */
  earlier: { channel: string; outcome: string }[];
}

export interface ScriptPart {
  title: BilingualText;
  lines: BilingualText[];
}

export interface CallerView {
  method: string;
  breachTitle: string;
  organisationName: string;
  masked: {
    name: string | null;
    email: string | null;
    phone: string | null;
    postcode: string | null;
    contactRole: string | null;
  };
  categories: { id: CategoryId; label: BilingualText }[];
  flags: { id: FlagId; label: BilingualText; note: BilingualText }[];
  steps: { id: string; title: BilingualText }[];
  deliveries: CallerDelivery[];
  requests: OwnPortalRequest[];
  /** Channels the notice can be sent by again for this person. */
  channels: SendChannel[];
  codeIssuedAt: Date | null;
  script: ScriptPart[];
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((part) => part !== "")
    .map((part) => `${part.charAt(0)}.`)
    .join(" ");

function masked(victim: Victim): CallerView["masked"] {
  return {
    name: victim.name ? initials(victim.name) : null,
    email: victim.email ? maskEmail(victim.email) : null,
    phone: victim.phone ? maskPhone(victim.phone) : null,
    postcode: victim.address?.postcode ? maskPostcode(victim.address.postcode) : null,
    contactRole: victim.contact?.role ?? null,
  };
}

function deliveryOf(row: Awaited<ReturnType<typeof contactCentre.deliveriesOf>>[number]): CallerDelivery {
  const earlier = row.history.flatMap((entry) => {
    const e = entry as { channel?: unknown; outcome?: unknown };
    return typeof e.channel === "string" && typeof e.outcome === "string"
      ? [{ channel: e.channel, outcome: e.outcome }]
      : [];
  });
  return {
    kind: row.campaignKind,
    channel: row.channel,
    status: row.status,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    bouncedAt: row.status === "bounced" ? row.updatedAt : null,
    earlier,
  };
}

const both = (nl: string, en: string): BilingualText => ({ nl, en });

/** Where the verification page is, as people type it (host and path, no scheme). */
function verifyAddress(publicUrl: string | undefined): string {
  const url = new URL(publicUrl ?? "http://localhost:3000");
  return `${url.host}${url.pathname.replace(/\/$/, "")}/echt`;
}

/**
 * The call script: what happened, what leaked of theirs, the most important steps, where to get help, how to
 * recognise a genuine message. Short sentences, common words, "u" — read aloud as it stands. One piece because
 * it is the script itself, part after part in the order it is read; split, the order would be scattered.
 */
export function callScript(input: {
  organisationName: string;
  organisationPhone: string | null;
  breachTitle: string;
  categories: readonly CategoryId[];
  steps: { title: BilingualText; help: readonly HelpOrganisationId[] }[];
  publicUrl: string | undefined;
}): ScriptPart[] {
  const org = input.organisationName;
  const help = [...new Set(input.steps.flatMap((step) => step.help))].slice(0, 3).map(getHelpOrganisation);
  const verify = verifyAddress(input.publicUrl);
  return [
    {
      title: both("Wat is er gebeurd", "What happened"),
      lines: [
        both(`Bij ${org} is een datalek geweest: ${input.breachTitle}.`, `${org} had a data breach.`),
        both("Daarbij zijn ook gegevens van u gelekt.", "Some of your details leaked too."),
      ],
    },
    {
      title: both("Wat is er van u gelekt", "What leaked of yours"),
      // One line per kind of data: a long list in one sentence is hard to follow on the phone.
      lines: [
        both("Van u zijn deze gegevens gelekt:", "These details of yours leaked:"),
        ...input.categories.map((id) => {
          const label = getCategory(id).label;
          return both(`– ${label.nl}`, `– ${label.en}`);
        }),
      ],
    },
    {
      title: both("Wat kunt u het beste doen", "What you can best do"),
      lines: [
        ...input.steps.map((step, index) =>
          both(`${index + 1}. ${step.title.nl}`, `${index + 1}. ${step.title.en}`),
        ),
        both(
          "Op Mijn plan staat bij elke stap hoe u het doet.",
          "My plan tells you for each step how to do it.",
        ),
      ],
    },
    {
      title: both("Waar krijgt u hulp", "Where to get help"),
      lines: [
        ...help.map((organisation) => {
          const route = organisation.contact[0]?.value ?? "";
          return both(
            `${organisation.name.nl}: ${organisation.helpsWith.nl} ${route}`,
            `${organisation.name.en}: ${organisation.helpsWith.en} ${route}`,
          );
        }),
        ...(input.organisationPhone
          ? [
              both(
                `Heeft u nog vragen? Bel ons op ${input.organisationPhone}.`,
                `More questions? Call us on ${input.organisationPhone}.`,
              ),
            ]
          : []),
      ],
    },
    {
      title: both("Hoe herkent u een echt bericht", "How to recognise a genuine message"),
      lines: [
        both(
          "Wij vragen u nooit om een wachtwoord, pincode of betaling.",
          "We never ask you for a password, PIN or payment.",
        ),
        both(
          "Klik niet op een link in een bericht waar u aan twijfelt.",
          "Do not click a link in a message you doubt.",
        ),
        both(
          `Typ zelf ${verify} in uw browser. Vul daar de code uit het bericht in.`,
          `Type ${verify} into your browser yourself. Enter the code from the message there.`,
        ),
      ],
    },
  ];
}

async function organisationOf(ctx: OperationContext, breach: Breach) {
  const stored = await senderProfiles.get(ctx.db, ctx.keys, breach.organisationId);
  const profile = stored?.profile as OrganisationProfile | undefined;
  const name = profile?.name ?? (await organisations.get(ctx.db, breach.organisationId))?.name ?? "";
  return { name, phone: profile?.phone ?? null };
}

/** The caller view behind a handle, for the agent and session that looked the caller up. */
export async function callerView(
  ctx: OperationContext,
  actor: Actor,
  input: { handle: string; session: string },
): Promise<CallerView> {
  const { victim, organisationId, method } = await callerOfHandle(ctx, actor, input);
  const breach = await breaches.get(ctx.db, organisationId, victim.breachId);
  if (!breach) throw new OperationProblem("not-found", "This look-up has ended. Look the caller up again.");
  const facts = breach.facts as unknown as BreachFacts;
  const own = victim.categories.filter(isCategoryId);
  const categories = own.length > 0 ? own : facts.data.map((item) => item.category);
  const flags = victim.flags.filter(isFlagId);
  const plan = (language: "nl" | "en") =>
    planFor({ breach: facts, victim: { categories, flags, language } }).steps.slice(0, SCRIPT_STEPS);
  const [nl, en] = [plan("nl"), plan("en")];
  const steps = nl.map((step, i) => ({
    id: step.id as string,
    title: both(step.title, en[i]?.title ?? step.title),
    help: step.help,
  }));
  const [organisation, rows, requests] = await Promise.all([
    organisationOf(ctx, breach),
    contactCentre.deliveriesOf(ctx.db, organisationId, victim.id),
    portalRequests.listForVictim(ctx.db, victim.id),
  ]);
  return {
    method,
    breachTitle: breach.title,
    organisationName: organisation.name,
    masked: masked(victim),
    categories: categories.map((id) => ({ id, label: getCategory(id).label })),
    flags: flags.map((id) => {
      const flag = getFlag(id);
      return { id, label: flag.label, note: flag.channel.note };
    }),
    steps: steps.map(({ id, title }) => ({ id, title })),
    deliveries: rows.map(deliveryOf),
    requests,
    channels: victim.channels,
    codeIssuedAt: victim.codeIssuedAt,
    script: callScript({
      organisationName: organisation.name,
      organisationPhone: organisation.phone,
      breachTitle: breach.title,
      categories,
      steps,
      publicUrl: ctx.publicUrl,
    }),
  };
}
