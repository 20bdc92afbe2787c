/**
 * Sending domains: an organisation proves it controls a domain before Lekwijzer sends from it. Adding a domain
 * issues a random token to publish as a TXT record at `_lekwijzer.<domain>`; `verify` looks it up (the resolver
 * is injected: node's DNS with a short time-out in production, a stub in tests). For installations without DNS
 * the operator may vouch for a domain by hand; both ways are audit-logged. The list shows, per domain, the
 * records to publish: the verification record, and SPF, DKIM and DMARC as docs/operations.md describes them.
 */
import { randomBytes } from "node:crypto";
import { resolveTxt as dnsResolveTxt } from "node:dns/promises";
import {
  audit,
  type SendingDomain,
  senderProfiles,
  sendingDomains,
  transaction,
  verificationRecord,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";

/** Answers the TXT records at a name, each as its strings (as node:dns gives them). */
export type TxtResolver = (name: string) => Promise<string[][]>;

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Node's resolver with a time-out, so a slow DNS server cannot hold a command or a request. */
export function systemTxtResolver(timeoutMs = 5_000): TxtResolver {
  return async (name) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        dnsResolveTxt(name),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no DNS answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export function normaliseDomain(raw: string): string {
  const domain = raw.trim().toLowerCase().replace(/\.$/, "");
  if (!DOMAIN.test(domain) || domain.length > 253) {
    throw new OperationProblem("invalid", `"${raw.slice(0, 80)}" is not a domain name.`, [
      { path: "domain", message: "must be a domain name, e.g. voorbeeld.nl" },
    ]);
  }
  return domain;
}

export interface DnsRecord {
  purpose: "verification" | "spf" | "dkim" | "dmarc";
  type: "TXT";
  name: string;
  value: string;
  note?: string;
}

export interface DomainView {
  domain: string;
  status: "verified" | "unverified";
  verifiedAt: string | null;
  method: "dns" | "manual" | null;
  verifiedBy: string | null;
  records: DnsRecord[];
}

/** The records an operator publishes for a domain (docs/operations.md, "Before a breach: the sending domain"). */
function recordsFor(
  domain: SendingDomain,
  dkim: { selector: string; domainName: string; publicKey: string | null } | null,
): DnsRecord[] {
  const verification = verificationRecord(domain.domain, domain.token);
  const records: DnsRecord[] = [
    {
      purpose: "verification",
      type: "TXT",
      ...verification,
      note: "proves the organisation controls the domain",
    },
    {
      purpose: "spf",
      type: "TXT",
      name: domain.domain,
      value: "v=spf1 include:<your relay> -all",
      note: "on the envelope sender's domain (BOUNCE_ADDRESS); at most 10 DNS look-ups",
    },
  ];
  if (dkim && dkim.domainName === domain.domain) {
    records.push({
      purpose: "dkim",
      type: "TXT",
      name: `${dkim.selector}._domainkey.${domain.domain}`,
      value: dkim.publicKey ? `v=DKIM1; k=rsa; p=${dkim.publicKey}` : "v=DKIM1; k=rsa; p=<public key>",
      note: "Lekwijzer signs with this key; the relay must not rewrite messages",
    });
  } else {
    records.push({
      purpose: "dkim",
      type: "TXT",
      name: `<selector>._domainkey.${domain.domain}`,
      value: "the public key your relay signs with",
      note: "the relay signs: publish the record it gives you",
    });
  }
  records.push({
    purpose: "dmarc",
    type: "TXT",
    name: `_dmarc.${domain.domain}`,
    value: `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${domain.domain}`,
    note: "move to p=reject once the reports are clean",
  });
  return records;
}

async function dkimOf(ctx: OperationContext, organisationId: string) {
  const stored = await senderProfiles.get(ctx.db, ctx.keys, organisationId);
  const dkim = stored?.profile.dkim;
  if (!stored || !dkim || dkim.signer !== "lekwijzer") return null;
  return { selector: dkim.keySelector, domainName: dkim.domainName, publicKey: stored.dkimPublicKey };
}

function view(domain: SendingDomain, dkim: Awaited<ReturnType<typeof dkimOf>>): DomainView {
  return {
    domain: domain.domain,
    status: domain.verifiedAt ? "verified" : "unverified",
    verifiedAt: domain.verifiedAt?.toISOString() ?? null,
    method: domain.method,
    verifiedBy: domain.verifiedBy,
    records: recordsFor(domain, dkim),
  };
}

/** Adds a domain (or finds it again) within the caller's transaction; audit-logged when new. */
export async function ensureDomain(
  ctx: OperationContext,
  organisationId: string,
  domain: string,
  actor: string,
): Promise<SendingDomain> {
  const { domain: stored, added } = await sendingDomains.add(ctx.db, {
    organisationId,
    domain,
    token: randomBytes(18).toString("base64url"),
  });
  if (added) {
    await audit.append(ctx.db, ctx.keys, {
      actor,
      action: "organisation.domain-added",
      subject: organisationId,
      details: { domain },
    });
  }
  return stored;
}

export async function addDomain(
  ctx: OperationContext,
  actor: Actor,
  input: { domain: string },
): Promise<DomainView> {
  const organisationId = actingOrganisation(actor, "domain.add");
  const domain = normaliseDomain(input.domain);
  const stored = await transaction(ctx.db, (tx) =>
    ensureDomain({ ...ctx, db: tx }, organisationId, domain, actor.name),
  );
  return view(stored, await dkimOf(ctx, organisationId));
}

/** The organisation's domains with their records (for operations that have authorized already). */
export async function domainsOf(ctx: OperationContext, organisationId: string): Promise<DomainView[]> {
  const dkim = await dkimOf(ctx, organisationId);
  return (await sendingDomains.list(ctx.db, organisationId)).map((d) => view(d, dkim));
}

export async function listDomains(ctx: OperationContext, actor: Actor): Promise<DomainView[]> {
  return domainsOf(ctx, actingOrganisation(actor, "domain.list"));
}

async function domainOf(ctx: OperationContext, organisationId: string, raw: string): Promise<SendingDomain> {
  const domain = normaliseDomain(raw);
  const stored = await sendingDomains.get(ctx.db, organisationId, domain);
  if (!stored) {
    throw new OperationProblem(
      "not-found",
      `The organisation has no sending domain ${domain}; add it first (lekwijzer org domain add).`,
    );
  }
  return stored;
}

async function recordVerified(
  ctx: OperationContext,
  domain: SendingDomain,
  method: "dns" | "manual",
  actor: string,
  details: Record<string, unknown>,
): Promise<void> {
  await transaction(ctx.db, async (tx) => {
    await sendingDomains.markVerified(tx, {
      organisationId: domain.organisationId,
      domain: domain.domain,
      method,
      by: actor,
    });
    await audit.append(tx, ctx.keys, {
      actor,
      action: "organisation.domain-verified",
      subject: domain.organisationId,
      details: { domain: domain.domain, method, ...details },
    });
  });
}

/**
 * Looks up `_lekwijzer.<domain>` and marks the domain verified when one of its TXT records carries the token.
 * A missing record is a conflict that names the record to publish.
 */
export async function verifyDomain(
  ctx: OperationContext,
  actor: Actor,
  input: { domain: string; resolveTxt: TxtResolver },
): Promise<DomainView> {
  const organisationId = actingOrganisation(actor, "domain.verify");
  const stored = await domainOf(ctx, organisationId, input.domain);
  const record = verificationRecord(stored.domain, stored.token);
  if (!stored.verifiedAt) {
    let answers: string[][] = [];
    try {
      answers = await input.resolveTxt(record.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // "No such name" and "no data" mean the record is not there yet; anything else is a failed look-up.
      if (code !== "ENOTFOUND" && code !== "ENODATA") {
        throw new OperationProblem(
          "unavailable",
          `Could not look up ${record.name}: ${(error as Error).message}. Try again, or have the operator verify the domain by hand.`,
        );
      }
    }
    const found = answers.some((strings) => strings.join("") === record.value);
    if (!found) {
      throw new OperationProblem(
        "conflict",
        `domain-unverified: no TXT record ${record.name} with the value "${record.value}" yet. Publish it, wait for DNS to pass it on, and verify again.`,
      );
    }
    await recordVerified(ctx, stored, "dns", actor.name, { record: record.name });
  }
  return view(
    (await sendingDomains.get(ctx.db, organisationId, stored.domain)) as SendingDomain,
    await dkimOf(ctx, organisationId),
  );
}

/**
 * The operator vouches for the domain (offline installations); the audit log records who and why. Only the
 * operator: an organisation's key cannot vouch for a domain it has not proven.
 */
export async function verifyDomainByHand(
  ctx: OperationContext,
  actor: Actor,
  input: { domain: string; reason: string },
): Promise<DomainView> {
  const organisationId = actingOrganisation(actor, "domain.verify-by-hand");
  const stored = await domainOf(ctx, organisationId, input.domain);
  const reason = input.reason.trim();
  if (reason === "" || reason.length > 500) {
    throw new OperationProblem("invalid", "Say why the domain is verified by hand (1–500 characters).", [
      { path: "reason", message: "1–500 characters" },
    ]);
  }
  if (!stored.verifiedAt) await recordVerified(ctx, stored, "manual", actor.name, { reason });
  return view(
    (await sendingDomains.get(ctx.db, organisationId, stored.domain)) as SendingDomain,
    await dkimOf(ctx, organisationId),
  );
}
