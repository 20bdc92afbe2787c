/**
 * Rate-limit groups by mail exchanger: a company domain whose mail Microsoft 365 or Google Workspace
 * receives shares that provider's limit, because the same servers answer (and defer) for it. Known consumer
 * domains come from the static table (`domainGroup`, rate.ts) without a look-up; any other domain's MX is
 * looked up once, with a short timeout, and the answer cached per domain (failures too, for less long) in a
 * bounded cache. The preferred exchanger names the group: a known provider's host → the provider; any other
 * host → its registrable domain (`mx1.acme-hosting.nl` → `acme-hosting.nl`), so domains on one hosting
 * company's servers share a limit. A domain without MX, a timeout or an error → the domain itself, as
 * without look-ups (offline machines, tests, `MX_LOOKUP=false`).
 */
import { Resolver } from "node:dns/promises";
import { DOMAIN_GROUPS, domainGroup } from "./rate.ts";

export interface MxRecord {
  exchange: string;
  priority: number;
}

export type MxResolver = (domain: string) => Promise<readonly MxRecord[]>;

/** Mail-exchanger host suffixes of providers whose limits hold across all domains they receive for. */
export const MX_PROVIDERS: readonly (readonly [suffix: string, group: string])[] = [
  ["mail.protection.outlook.com", "microsoft"],
  ["olc.protection.outlook.com", "microsoft"],
  ["outlook.com", "microsoft"],
  ["hotmail.com", "microsoft"],
  ["google.com", "google"],
  ["googlemail.com", "google"],
  ["yahoodns.net", "yahoo"],
  ["icloud.com", "apple"],
  ["apple.com", "apple"],
  // Ziggo's mail platform (AS9143) and KPN's.
  ["as9143.net", "ziggo"],
  ["ziggo.nl", "ziggo"],
  ["kpnmail.nl", "kpn"],
  ["kpn.com", "kpn"],
  // Filtering services in front of many companies' mail: they defer as one.
  ["pphosted.com", "proofpoint"],
  ["ppe-hosted.com", "proofpoint"],
  ["mimecast.com", "mimecast"],
];

/** Second-level labels under which registrable domains have three labels (co.uk, com.au, …). */
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "ac", "gov", "edu", "ne", "or"]);

/** The registrable domain of a host, roughly (no public-suffix list): the last two labels, three for co.uk. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, "").split(".").filter(Boolean);
  if (labels.length <= 2) return labels.join(".");
  const secondLast = labels[labels.length - 2] ?? "";
  const lastIsCountry = (labels[labels.length - 1] ?? "").length === 2;
  const take = lastIsCountry && SECOND_LEVEL.has(secondLast) ? 3 : 2;
  return labels.slice(-take).join(".");
}

/** The group a mail exchanger host stands for: a known provider, else the host's registrable domain. */
export function mxHostGroup(exchange: string): string {
  const host = exchange.toLowerCase().replace(/\.$/, "");
  for (const [suffix, group] of MX_PROVIDERS) {
    if (host === suffix || host.endsWith(`.${suffix}`)) return group;
  }
  return registrableDomain(host);
}

export interface MxGrouperOptions {
  /** Look MX records up at all; false: the static table, else the domain itself. Default true. */
  lookup?: boolean;
  /** Default node's DNS resolver with `timeoutMs` and one try. */
  resolveMx?: MxResolver;
  /** Longest wait for an answer; then the domain is its own group (and that is cached briefly). */
  timeoutMs?: number;
  /** How long an answer is kept. Default 6 h. */
  ttlMs?: number;
  /** How long a failure (timeout, error) is kept. Default 5 min. */
  negativeTtlMs?: number;
  /** Most domains kept; the least recently used go first. Default 50 000. */
  maxEntries?: number;
  /** Extra domain → group entries known without a look-up (besides rate.ts's DOMAIN_GROUPS). */
  staticGroups?: Readonly<Record<string, string>>;
  now?: () => number;
}

export interface MxGrouper {
  /** Recipient address or domain → rate-limit group. Cache hits answer without waiting on anything. */
  groupOf(recipient: string): Promise<string>;
  /** The group if known without a look-up (static table or cache), else undefined. */
  cached(recipient: string): string | undefined;
  /** Domains cached. */
  readonly size: number;
}

interface Entry {
  group: string;
  expiresAt: number;
}

function domainOf(recipient: string): string {
  return recipient
    .slice(recipient.lastIndexOf("@") + 1)
    .toLowerCase()
    .replace(/\.$/, "");
}

function defaultResolver(timeoutMs: number): MxResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  return (domain) => resolver.resolveMx(domain);
}

class LookupTimeout extends Error {}

/** A bounded cache of domain → group whose entries expire; the least recently used goes first when full. */
function expiringCache(maxEntries: number, now: () => number) {
  const entries = new Map<string, Entry>();
  return {
    get(domain: string): string | undefined {
      const entry = entries.get(domain);
      if (!entry) return undefined;
      entries.delete(domain);
      if (entry.expiresAt <= now()) return undefined;
      // Most recently used last: the Map's order is the eviction order.
      entries.set(domain, entry);
      return entry.group;
    },
    set(domain: string, group: string, forMs: number): void {
      entries.delete(domain);
      entries.set(domain, { group, expiresAt: now() + forMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}

export function createMxGrouper(options: MxGrouperOptions = {}): MxGrouper {
  const lookup = options.lookup ?? true;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const resolveMx = options.resolveMx ?? (lookup ? defaultResolver(timeoutMs) : async () => []);
  const ttlMs = options.ttlMs ?? 6 * 3_600_000;
  const negativeTtlMs = options.negativeTtlMs ?? 5 * 60_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 50_000);
  const now = options.now ?? Date.now;
  const staticGroups = new Map(
    Object.entries(options.staticGroups ?? {}).map(([d, g]) => [d.toLowerCase(), g]),
  );
  const known = new Set(Object.values(DOMAIN_GROUPS).flat());
  const cache = expiringCache(maxEntries, now);
  /** Look-ups under way, so a batch of 200 recipients at one new domain asks once. */
  const pending = new Map<string, Promise<string>>();

  const fixed = (domain: string): string | undefined =>
    known.has(domain) ? domainGroup(domain) : staticGroups.get(domain);

  const fromCache = (domain: string) => cache.get(domain);
  const remember = (domain: string, group: string, forMs: number) => cache.set(domain, group, forMs);

  const resolve = async (domain: string): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const records = await Promise.race([
        resolveMx(domain),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new LookupTimeout()), timeoutMs);
          timer.unref();
        }),
      ]);
      // RFC 7505 null MX ("." or empty): the domain takes no mail; no provider to share a limit with.
      const preferred = [...records]
        .filter((r) => r.exchange && r.exchange !== ".")
        .sort((a, b) => a.priority - b.priority)[0];
      const group = preferred ? mxHostGroup(preferred.exchange) : domain;
      remember(domain, group || domain, ttlMs);
      return group || domain;
    } catch {
      // Timeout, no such domain, no answer, DNS away: as without look-ups, the domain is its own group.
      remember(domain, domain, negativeTtlMs);
      return domain;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  const cached = (recipient: string) => {
    const domain = domainOf(recipient);
    return fixed(domain) ?? (lookup ? fromCache(domain) : domain);
  };

  return {
    groupOf(recipient) {
      const domain = domainOf(recipient);
      const hit = cached(domain);
      if (hit !== undefined) return Promise.resolve(hit);
      if (!domain) return Promise.resolve(domain);
      let running = pending.get(domain);
      if (!running) {
        running = resolve(domain).finally(() => pending.delete(domain));
        pending.set(domain, running);
      }
      return running;
    },
    cached,
    get size() {
      return cache.size;
    },
  };
}
