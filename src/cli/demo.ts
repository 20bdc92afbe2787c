/**
 * The demo breach that `npm start` loads into an empty embedded database, so a first-time user sees the
 * platform with realistic data. Every person in it is invented; addresses use the reserved example.org domain.
 */

import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import { assess, type BreachFacts } from "../assess/index.ts";
import type { OrganisationProfile } from "../core/index.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../messages/index.ts";
import {
  actOnCampaign,
  checkCampaign,
  createCampaign,
  createStaff,
  keyActor,
  type OperationContext,
  operatorActor,
  publishBreachPage,
  publishPhishingWarning,
  publishTransparency,
  saveTransparencyEntry,
  setProfile,
  setRegisterListing,
  submitPhishingReport,
  verifyDomainByHand,
} from "../operations/index.ts";
import {
  apiKeys,
  audit,
  breaches,
  organisations,
  staffAccounts,
  transaction,
  type VictimInput,
  victims,
} from "../store/index.ts";
import type { StoreSession } from "./store-session.ts";

export const DEMO_ORGANISATION_SLUG = "voorbeeld-telecom";
export const DEMO_BREACH_SLUG = "voorbeeld-telecom-2026-02";
const DEMO_VICTIMS = 250;

/**
 * The demo organisation's sender profile: the messages part's sample sender, with Lekwijzer signing DKIM (a key
 * is made and sealed when the profile is set) and the contact hours the sample texts use.
 */
export const DEMO_PROFILE: OrganisationProfile = {
  ...SAMPLE_ORGANISATION,
  contactHours: SAMPLE_TEXTS.contactHours,
  dkim: { signer: "lekwijzer", domainName: "voorbeeldtelecom.nl", keySelector: "lekwijzer" },
};

/** The messages part's sample breach (modelled on the telecom example), so previews and the demo agree. */
export const DEMO_FACTS: BreachFacts = SAMPLE_BREACH;

/**
 * A second, ordinary breach of the demo organisation: three kinds of data of a few dozen people, so a new user
 * also sees a small case check clean (the same facts as examples/wrong-recipient-bank-details.json).
 */
export const DEMO_SMALL_BREACH_SLUG = "voorbeeld-telecom-2026-05-klantenlijst";
const DEMO_SMALL_VICTIMS = 38;
export const DEMO_SMALL_FACTS: BreachFacts = {
  title: "Klantenlijst naar verkeerd e-mailadres gestuurd",
  controller: { name: "Voorbeeld Telecom BV", sector: "telecom" },
  awareAt: "2026-05-04T11:00:00+02:00",
  occurredFrom: "2026-05-04",
  nature: ["confidentiality"],
  cause: "misdelivery",
  malicious: false,
  recipients: "known",
  recovery: "not-applicable",
  subjects: { count: DEMO_SMALL_VICTIMS, groups: ["customers"] },
  data: [{ category: "name" }, { category: "email" }, { category: "iban" }],
};

const FIRST_NAMES = ["Anna", "Daan", "Fatima", "Jan", "Lotte", "Mohamed", "Noor", "Pieter", "Sanne", "Yusuf"];
const LAST_NAMES = [
  "de Vries",
  "Jansen",
  "Bakker",
  "El Amrani",
  "Visser",
  "Smit",
  "Meijer",
  "Yılmaz",
  "Mulder",
  "de Boer",
];
const STREETS = ["Dorpsstraat", "Kerkweg", "Molenlaan", "Stationsplein", "Beukenhof"];
const CITIES = [
  ["1011 AB", "Amsterdam"],
  ["3511 CD", "Utrecht"],
  ["9711 EF", "Groningen"],
  ["5611 GH", "Eindhoven"],
] as const;

/** Invented people: every fifth has no e-mail (letter only), some are seniors, one in 50 has no digital access. */
export function demoVictims(count = DEMO_VICTIMS, from = 0, prefix = "DEMO"): VictimInput[] {
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? "Anna";
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? "Jansen";
    const [postcode, city] = CITIES[i % CITIES.length] ?? CITIES[0];
    const flags = [...(i % 7 === 0 ? ["senior"] : []), ...(i % 50 === 0 ? ["no-digital-access"] : [])];
    const categories = ["name", "address", "date-of-birth", "customer-number"];
    if (i % 5 !== 0) categories.push("email", "phone");
    if (i % 11 === 0) categories.push("iban");
    if (i % 6 === 0) categories.push("id-document-number");
    return {
      externalId: `${prefix}-${String(i + 1).padStart(prefix === "DEMO" ? 5 : 7, "0")}`,
      name: `${first} ${last}`,
      // One in 25 addresses is at the reserved .invalid domain: the built-in outbox bounces it, and the
      // demo shows the fall-back to the next channel.
      email:
        i % 5 === 0
          ? null
          : `${first}.${last}.${i}@example.${i % 25 === 3 ? "invalid" : "org"}`
              .toLowerCase()
              .replace(/\s+/g, ""),
      phone: i % 5 === 0 ? null : `+316${String(20_000_000 + i * 7).slice(-8)}`,
      address: {
        street: STREETS[i % STREETS.length] ?? "Dorpsstraat",
        houseNumber: String((i % 120) + 1),
        postcode,
        city,
        country: "NL",
      },
      categories,
      flags,
      language: i % 9 === 0 ? "en" : "nl",
    };
  });
}

/** The small breach's people: name, e-mail address and bank account number leaked; every one has a postal address. */
export function demoSmallVictims(count = DEMO_SMALL_VICTIMS): VictimInput[] {
  return demoVictims(count).map((victim, i) => ({
    ...victim,
    externalId: `DEMO-S-${String(i + 1).padStart(3, "0")}`,
    email: `klant.${i + 1}@example.org`,
    phone: null,
    categories: ["name", "email", "iban"],
  }));
}

/**
 * Two suspicious-message reports on the demo breach, as people would make them on its page, and the warning the
 * organisation published about them: the trend and export have something to show, and so does the breach page.
 */
async function loadDemoPhishing(
  ctx: OperationContext,
  organisationId: string,
  breachId: string,
): Promise<void> {
  const receivedOn = new Date().toISOString().slice(0, 10);
  const text =
    "Beste Anna de Vries, door het datalek moet u uw klantaccount opnieuw bevestigen. Doet u dat niet binnen " +
    "24 uur, dan sluiten wij uw abonnement af. Bevestig via https://voorbeeld-telecom-herstel.example/bevestig " +
    "en betaal € 1,50 administratiekosten. Uw nummer 06-12345678 en anna.devries@example.org zijn bij ons bekend.";
  for (const channel of ["sms", "email"] as const)
    await submitPhishingReport(ctx, {
      slug: DEMO_BREACH_SLUG,
      language: "nl",
      channel,
      sender: channel === "sms" ? "+31 6 98765432" : "beveiliging@voorbeeld-telecom-herstel.example",
      receivedOn,
      receivedTime: channel === "sms" ? "08:42" : "",
      text,
    });
  await publishPhishingWarning(
    ctx,
    keyActor({ holder: "Demo privacy officer", organisationId, scope: "write" }),
    {
      breachId,
      title: { nl: "Let op: valse sms'jes en e-mails", en: "Watch out: fake texts and e-mails" },
      body: {
        nl: "Er gaan valse berichten rond over ons datalek. Zij vragen u uw account te bevestigen en geld te betalen. Die berichten komen niet van ons. Klik niet op de link en betaal niets.",
        en: "Fake messages about our data breach are going round. They ask you to confirm your account and pay money. These messages do not come from us. Do not click the link and do not pay anything.",
      },
    },
  );
}

export interface LoadedDemo {
  breachId: string;
  /** The small breach (`DEMO_SMALL_BREACH_SLUG`): loaded, not notified; staff can try a campaign on it. */
  smallBreachId?: string;
  organisationId: string;
  /**
   * API keys of the demo organisation, shown once: one to prepare campaigns, one (held by another person) to
   * approve and start them, one to manage the sender profile and domains.
   */
  keys: { write: string; send: string; admin?: string };
  /** One demo person's personal code, shown once so a new user can open "Mijn plan" (/mijn-plan). */
  personalCode?: { externalId: string; code: string };
}

/**
 * The demo organisation's transparency register (framework K16), as a telecom company would state it: what it
 * keeps, why, and for how long. It leaves out the internal notes and the citizen service numbers that leaked,
 * so the retention check has something to say about being open, as a real register often would.
 */
export const DEMO_REGISTER = [
  {
    categories: ["name", "address", "email", "phone", "date-of-birth", "customer-number"],
    purpose: {
      nl: "Om uw abonnement te leveren, contact met u te houden en u een rekening te sturen.",
      en: "To provide your subscription, keep in touch with you and send you a bill.",
    },
    legalBasis: "b",
    retentionMonths: 24,
    retentionFrom: "relation-end",
    recipients: {
      nl: "Het bedrijf dat onze rekeningen drukt en verstuurt.",
      en: "The company that prints and posts our bills.",
    },
  },
  {
    categories: ["iban"],
    purpose: {
      nl: "Om het bedrag van uw rekening af te schrijven.",
      en: "To collect the amount of your bill.",
    },
    legalBasis: "b",
    retentionMonths: 24,
    retentionFrom: "relation-end",
    recipients: {
      nl: "Uw bank. Betaalt u niet? Dan ook ons incassobureau.",
      en: "Your bank. If you do not pay, also our debt collection agency.",
    },
  },
  {
    categories: ["id-document-number"],
    purpose: {
      nl: "Om te controleren wie u bent als u een abonnement afsluit.",
      en: "To check who you are when you take out a subscription.",
    },
    legalBasis: "c",
    retentionMonths: 24,
    retentionFrom: "relation-end",
  },
  {
    categories: ["traffic-data", "location"],
    purpose: {
      nl: "Om bellen en internet te laten werken en uw gebruik te berekenen.",
      en: "To make calls and the internet work and to work out your use.",
    },
    legalBasis: "c",
    retentionMonths: 6,
    retentionFrom: "collection",
    recipients: {
      nl: "Politie en justitie, alleen als de wet dat eist.",
      en: "Police and justice, only when the law demands it.",
    },
  },
] as const;

/** The demo person whose code the start-up shows: one with e-mail, phone and post, in Dutch. */
const DEMO_PLAN_PERSON = "DEMO-00002";

/** Loads the demo breach unless it is already there, in one transaction. Returns what it loaded, if anything. */
export async function loadDemo(store: StoreSession): Promise<LoadedDemo | undefined> {
  return transaction(store.db, async (tx) => {
    if (await organisations.getBySlug(tx, DEMO_ORGANISATION_SLUG)) return undefined;
    const organisation = await organisations.create(tx, {
      slug: DEMO_ORGANISATION_SLUG,
      name: SAMPLE_ORGANISATION.name,
    });
    // The same operations an operator uses (setting the profile registers its domain); the demo domain cannot be
    // looked up in DNS, so it is vouched for by hand, as an offline installation would.
    const ctx = { db: tx, keys: store.keys };
    const actor = operatorActor("system:demo", organisation.id);
    await setProfile(ctx, actor, { profile: DEMO_PROFILE });
    const domain = SAMPLE_ORGANISATION.domains[0] ?? "voorbeeldtelecom.nl";
    await verifyDomainByHand(ctx, actor, {
      domain,
      reason: "demo organisation: an invented domain that no DNS answers for",
    });
    const breach = await breaches.create(tx, {
      organisationId: organisation.id,
      slug: DEMO_BREACH_SLUG,
      title: DEMO_FACTS.title ?? "Demo",
      facts: DEMO_FACTS as unknown as Record<string, unknown> & { awareAt: string },
      assessment: assess(DEMO_FACTS) as unknown as Record<string, unknown>,
      status: "assessed",
    });
    // Its public page is published, as an organisation does before its letters name the address.
    await publishBreachPage(ctx, actor, { breachId: breach.id });
    // … and listed in the public register of large breaches (/datalekken), which is the organisation's choice.
    await setRegisterListing(ctx, actor, { breachId: breach.id, listed: true });
    // Its transparency register is published, so its breach page links it (/organisatie/voorbeeld-telecom/…).
    for (const entry of DEMO_REGISTER) await saveTransparencyEntry(ctx, actor, { entry });
    await publishTransparency(ctx, actor);
    // Every demo person gets a personal code, as an import gives one: the outbox shows it in their notice.
    const { inserted, codes } = await victims.insertBatch(tx, store.keys, breach.id, demoVictims(), {
      issueCodes: true,
    });
    await audit.append(tx, store.keys, {
      actor: "system",
      action: "demo.loaded",
      subject: breach.id,
      details: { organisation: organisation.slug, victims: inserted },
    });
    const small = await breaches.create(tx, {
      organisationId: organisation.id,
      slug: DEMO_SMALL_BREACH_SLUG,
      title: DEMO_SMALL_FACTS.title ?? "Demo",
      facts: DEMO_SMALL_FACTS as unknown as Record<string, unknown> & { awareAt: string },
      assessment: assess(DEMO_SMALL_FACTS) as unknown as Record<string, unknown>,
      status: "assessed",
    });
    const smallLoaded = await victims.insertBatch(tx, store.keys, small.id, demoSmallVictims(), {
      issueCodes: true,
    });
    await audit.append(tx, store.keys, {
      actor: "system",
      action: "demo.loaded",
      subject: small.id,
      details: { organisation: organisation.slug, victims: smallLoaded.inserted },
    });
    await loadDemoPhishing(ctx, organisation.id, breach.id);
    const key = (scope: "write" | "send" | "admin", holder: string, label: string) =>
      apiKeys.create(tx, { organisationId: organisation.id, scope, holder, label, createdBy: "demo" });
    const write = await key("write", "Demo privacy officer", "demo: prepare campaigns");
    const send = await key("send", "Demo incident lead", "demo: approve and start campaigns");
    const admin = await key("admin", "Demo administrator", "demo: sender profile and domains");
    return {
      breachId: breach.id,
      smallBreachId: small.id,
      organisationId: organisation.id,
      keys: { write: write.secret, send: send.secret, admin: admin.secret },
      personalCode: { externalId: DEMO_PLAN_PERSON, code: codes?.get(DEMO_PLAN_PERSON) ?? "" },
    };
  });
}

/**
 * Notifies every demo victim once, as an organisation would: a first notice created by one person, checked,
 * approved by a second, and started. The worker then sends it through the built-in outbox.
 */
export async function notifyDemoVictims(store: OperationContext, demo: LoadedDemo): Promise<string> {
  const { organisationId } = demo;
  const writer = keyActor({ holder: "Demo privacy officer", organisationId, scope: "write" });
  const sender = keyActor({ holder: "Demo incident lead", organisationId, scope: "send" });
  const campaign = await createCampaign(store, writer, {
    breachId: demo.breachId,
    kind: "first-notice",
    setup: { texts: SAMPLE_TEXTS },
  });
  await checkCampaign(store, writer, { campaignId: campaign.id });
  await actOnCampaign(store, sender, { campaignId: campaign.id, step: "approve" });
  await actOnCampaign(store, sender, { campaignId: campaign.id, step: "start" });
  return campaign.id;
}

/** A demo staff member's log-in, shown once at start-up. */
export interface DemoStaffLogin {
  who: string;
  email: string;
  password: string;
  /** The TOTP secret (base32) to add to an authenticator app. */
  totpSecret: string;
}

/**
 * The demo organisation's console staff and a regulator: a privacy officer who administers the organisation
 * and prepares messages, a second person who approves and sends (four eyes), a contact-centre agent who
 * reads, and a regulator of the platform. Each gets a random password and an enrolled TOTP secret, shown once.
 * Embedded mode only: `serve` never calls this with DATABASE_URL set.
 */
export async function loadDemoStaff(
  store: OperationContext,
  organisationId: string,
): Promise<DemoStaffLogin[]> {
  const people = [
    {
      who: "privacy officer (organisation administrator and editor)",
      email: "fg.demo@example.org",
      name: "Fatima de Groot",
      roles: ["organisation-admin", "editor"],
      organisationId,
    },
    {
      who: "approver (approves and sends)",
      email: "goedkeurder.demo@example.org",
      name: "Gert Jansen",
      roles: ["approver"],
      organisationId,
    },
    {
      who: "contact-centre agent (reads)",
      email: "klantcontact.demo@example.org",
      name: "Kim Bakker",
      roles: ["contact-centre"],
      organisationId,
    },
    {
      who: "regulator",
      email: "toezicht.demo@example.org",
      name: "Tessa Visser",
      roles: ["regulator"],
      organisationId: null,
    },
  ];
  const logins: DemoStaffLogin[] = [];
  for (const person of people) {
    const password = `demo-${randomBytes(12).toString("base64url")}`;
    const { account } = await createStaff(store, operatorActor("system:demo", person.organisationId), {
      email: person.email,
      displayName: person.name,
      roles: person.roles,
      password,
    });
    const totpSecret = new Secret({ size: 20 }).base32;
    await staffAccounts.setPendingTotp(store.db, store.keys, account.id, totpSecret);
    await staffAccounts.confirmTotp(store.db, account.id, new Date());
    logins.push({ who: person.who, email: person.email, password, totpSecret });
  }
  return logins;
}
