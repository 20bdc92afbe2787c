/**
 * The sender profile as an organisation writes it (CLI file, API body): validated with size limits, unknown fields
 * refused, and the rules that keep a sender honest — the From address and the DKIM domain lie within the
 * organisation's own domains, and a DKIM key is a usable RSA private key. Problems come back as `{ path, message }`.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { OrganisationProfile } from "../core/index.ts";

export interface ProfileProblem {
  path: string;
  message: string;
}

export type ProfileParseResult =
  | { ok: true; profile: OrganisationProfile; dkimPrivateKey: string | undefined }
  | { ok: false; problems: ProfileProblem[] };

const SHORT = 200;
const short = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(SHORT, `${what} is longer than ${SHORT} characters`)
    .refine((s) => !/[\r\n]/.test(s), `${what} must be one line`);
const email = (what: string) =>
  z.email({ error: `${what} must be an e-mail address` }).max(254, `${what} is too long`);
const domain = z
  .string({ error: "must be a domain name" })
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a domain name in lower case, e.g. voorbeeld.nl",
  );
const bilingual = (what: string) =>
  z.strictObject({
    nl: z.string({ error: "Dutch text (nl) is required" }).min(1).max(500, `${what} is too long`),
    en: z.string({ error: "English text (en) is required" }).min(1).max(500, `${what} is too long`),
  });
const colour = z.string().regex(/^#[0-9a-f]{6}$/i, "must be a colour as #rrggbb");
const millimetres = z.number().min(0).max(297);

const dkimSchema = z.discriminatedUnion(
  "signer",
  [
    z.strictObject({ signer: z.literal("relay") }),
    z.strictObject({
      signer: z.literal("lekwijzer"),
      domainName: domain,
      keySelector: z.string().regex(/^[a-z0-9_-]{1,63}$/i, "must be a DNS label"),
      /** PEM. Left out: the stored key is kept, or a new 2048-bit key is made when there is none. */
      privateKey: z.string().min(1).max(10_000).optional(),
    }),
  ],
  { error: 'must be { "signer": "relay" } or { "signer": "lekwijzer", "domainName", "keySelector" }' },
);

const profileSchema = z.strictObject({
  name: short("the name"),
  senderEmail: email("the sender address"),
  replyTo: email("the reply address").optional(),
  domains: z.array(domain).min(1, "name at least one domain").max(20, "at most 20 domains"),
  website: short("the web address"),
  postalAddress: z.array(short("an address line")).min(1, "at least one line").max(8, "at most 8 lines"),
  phone: short("the phone number").optional(),
  contactHours: bilingual("the contact hours").optional(),
  dpo: z.strictObject({
    name: short("the name").optional(),
    email: email("the e-mail address").optional(),
    phone: short("the phone number").optional(),
  }),
  signatory: z.strictObject({ name: short("the name"), role: short("the role") }).optional(),
  portal: z
    .strictObject({
      logoUrl: z
        .url({ protocol: /^https$/, error: "must be an https address" })
        .max(500)
        .optional(),
      colours: z
        .strictObject({
          primary: colour.optional(),
          secondary: colour.optional(),
          text: colour.optional(),
          background: colour.optional(),
        })
        .optional(),
    })
    .optional(),
  letters: z
    .strictObject({
      window: z.strictObject({
        leftMm: millimetres,
        topMm: millimetres,
        widthMm: millimetres.min(40, "at least 40 mm"),
        heightMm: millimetres.min(20, "at least 20 mm"),
      }),
      windowPaddingMm: z.number().min(0).max(10).optional(),
    })
    .optional(),
  dkim: dkimSchema,
});

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`,
    "",
  );
}

function zodProblems(issues: readonly z.core.$ZodIssue[]): ProfileProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: pathText([...issue.path, key]),
        message: `unknown field "${key}"`,
      }));
    }
    const path = pathText(issue.path) || "(root)";
    if (issue.code === "invalid_type" && issue.input === undefined) return [{ path, message: "required" }];
    return [{ path, message: issue.message }];
  });
}

const within = (host: string, domains: readonly string[]) =>
  domains.some((d) => host === d || host.endsWith(`.${d}`));

function rsaKey(pem: string): KeyObject | string {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") return "must be an RSA private key (PEM)";
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 1024) return `is ${bits} bits; use at least 1024 (2048 recommended)`;
    return key;
  } catch {
    return "must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)";
  }
}

/** Validates a profile document; the DKIM private key, when given, is returned apart from the profile. */
export function parseOrganisationProfile(input: unknown): ProfileParseResult {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
  const value = parsed.data;
  const problems: ProfileProblem[] = [];
  const senderDomain = value.senderEmail.split("@").pop()?.toLowerCase() ?? "";
  if (!within(senderDomain, value.domains)) {
    problems.push({
      path: "senderEmail",
      message: `${senderDomain} is not one of the organisation's domains (${value.domains.join(", ")})`,
    });
  }
  let dkimPrivateKey: string | undefined;
  if (value.dkim.signer === "lekwijzer") {
    if (!within(value.dkim.domainName, value.domains)) {
      problems.push({ path: "dkim.domainName", message: "must be one of the organisation's domains" });
    }
    if (value.dkim.privateKey !== undefined) {
      const key = rsaKey(value.dkim.privateKey);
      if (typeof key === "string") problems.push({ path: "dkim.privateKey", message: key });
      else dkimPrivateKey = key.export({ type: "pkcs8", format: "pem" }).toString();
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const { dkim, ...rest } = value;
  const profile: OrganisationProfile = {
    ...(rest as Omit<OrganisationProfile, "dkim">),
    dkim:
      dkim.signer === "relay"
        ? { signer: "relay" }
        : { signer: "lekwijzer", domainName: dkim.domainName, keySelector: dkim.keySelector },
  };
  return { ok: true, profile, dkimPrivateKey };
}
