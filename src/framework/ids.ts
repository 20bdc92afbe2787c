// Stable identifiers of the framework (contracts.md section 1 plus the framework's own ids).
// Ids never change meaning; labels and texts live in the data modules.

export const CATEGORY_IDS = [
  "name",
  "address",
  "email",
  "phone",
  "date-of-birth",
  "gender",
  "customer-number",
  "username",
  "bsn",
  "id-document-number",
  "id-document-copy",
  "iban",
  "payment-card",
  "financial-history",
  "income",
  "password",
  "password-hash",
  "security-answers",
  "auth-token",
  "location",
  "traffic-data",
  "communication-content",
  "purchase-history",
  "photo",
  "employment",
  "education",
  "family",
  "internal-notes",
  "health",
  "genetic",
  "biometric",
  "ethnicity",
  "political",
  "religion",
  "sexual-orientation",
  "trade-union",
  "criminal",
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const FLAG_IDS = [
  "minor",
  "senior",
  "shielded-address",
  "at-risk-profession",
  "public-figure",
  "low-literacy",
  "no-digital-access",
  "represented",
  "deceased",
  "endangered",
] as const;
export type FlagId = (typeof FLAG_IDS)[number];

export const RISK_IDS = [
  "phishing",
  "spoofing",
  "account-takeover",
  "identity-fraud",
  "financial-fraud",
  "extortion",
  "exposure",
  "discrimination",
  "physical-danger",
  "spam-harassment",
] as const;
export type RiskId = (typeof RISK_IDS)[number];

export const STEP_IDS = [
  "check-what-leaked",
  "change-passwords",
  "use-password-manager",
  "enable-two-factor",
  "recognise-phishing",
  "verify-through-own-channel",
  "check-bank-statements",
  "block-card",
  "report-id-document",
  "bsn-no-new-number",
  "report-identity-fraud",
  "report-crime-police",
  "ask-fraudehelpdesk",
  "get-victim-support",
  "legal-advice-compensation",
  "personal-safety",
  "advice-parents",
  "advice-seniors",
  "advice-representatives",
  "advice-next-of-kin",
  "ask-trusted-helper",
  "id-number-no-new-document",
  "protect-id-copies",
  "check-credit-registration",
  "unjustified-debt-collection",
  "bank-helpdesk-fraud",
  "sim-swap",
  "recognise-genuine-message",
  "leaked-images-help",
  "refuse-blackmail",
  "safety-first",
] as const;
export type StepId = (typeof STEP_IDS)[number];

export const HELP_ORGANISATION_IDS = [
  "cmi",
  "fraudehelpdesk",
  "slachtofferhulp",
  "juridisch-loket",
  "politie",
  "autoriteit-persoonsgegevens",
  "gemeente",
  "bank",
  "helpwanted",
  "veilig-thuis",
  "bkr",
] as const;
export type HelpOrganisationId = (typeof HELP_ORGANISATION_IDS)[number];

export const ELEMENT_IDS = [
  "apology",
  "what-happened",
  "which-data",
  "consequences",
  "what-you-can-do",
  "what-we-did",
  "advice-for-your-situation",
  "accessible-routes",
  "help-when-things-go-wrong",
  "compensation",
  "updates",
  "contact-point",
  "verify-this-message",
] as const;
export type ElementId = (typeof ELEMENT_IDS)[number];

/** Recommended routes to reach a person; "representative", "parents-or-guardians" and "estate" mean: write to that person instead. */
export const CHANNEL_IDS = [
  "email",
  "sms",
  "letter",
  "representative",
  "parents-or-guardians",
  "estate",
] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export const ENISA_CLASSES = ["simple", "behavioural", "financial", "sensitive"] as const;
export type EnisaClass = (typeof ENISA_CLASSES)[number];

/** How much a category on its own points to one person (ENISA "ease of identification"). */
export const IDENTIFICATION_WEIGHTS = ["unique", "direct", "indirect", "none"] as const;
export type IdentificationWeight = (typeof IDENTIFICATION_WEIGHTS)[number];

export const PRIORITIES = ["now", "soon", "watch"] as const;
export type Priority = (typeof PRIORITIES)[number];

export { LANGUAGES, type Language } from "../core/index.ts";

export const SECTORS = [
  "health",
  "finance",
  "telecom",
  "government",
  "education",
  "retail",
  "employer",
  "other",
] as const;
export type Sector = (typeof SECTORS)[number];
