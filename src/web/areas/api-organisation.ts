/**
 * The key's organisation: its sender profile and its sending domains, for a key with the `admin` scope. Every
 * route calls one operation (src/operations), so the API enforces what the CLI does: a validated profile, a
 * sealed DKIM key that never comes back out, domains verified by DNS before sending. Marking a domain verified
 * by hand is the operator's (CLI) only: an organisation's key cannot vouch for a domain it has not proven.
 */
import type { FastifyInstance } from "fastify";
import {
  addDomain,
  listDomains,
  type OperationContext,
  setProfile,
  showProfile,
  type TxtResolver,
  verifyDomain,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { type Authenticator, requireScope } from "../auth.ts";
import { keyedOperationSchema, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";

export interface OrganisationRoutesOptions {
  authenticate: Authenticator | undefined;
  store: { db: Executor; keys: Keyring };
  publicUrl: string;
  resolveTxt: TxtResolver;
}

const bilingual = {
  type: "object",
  properties: { nl: { type: "string" }, en: { type: "string" } },
} as const;

/** The profile as the organisation writes it; `dkim.privateKey` is accepted on PUT and never returned. */
const profileSchema = {
  type: "object",
  required: ["name", "senderEmail", "domains", "website", "postalAddress", "dpo", "dkim"],
  properties: {
    name: { type: "string", maxLength: 200 },
    senderEmail: {
      type: "string",
      format: "email",
      description: "The From address; its domain is one of `domains`",
    },
    replyTo: { type: "string", format: "email" },
    domains: { type: "array", items: { type: "string" }, maxItems: 20 },
    website: { type: "string", description: "Typed by readers to check a message: voorbeeld.nl/datalek" },
    postalAddress: { type: "array", items: { type: "string" }, maxItems: 8 },
    phone: { type: "string" },
    contactHours: bilingual,
    dpo: {
      type: "object",
      properties: { name: { type: "string" }, email: { type: "string" }, phone: { type: "string" } },
    },
    signatory: { type: "object", properties: { name: { type: "string" }, role: { type: "string" } } },
    portal: {
      type: "object",
      properties: {
        logoUrl: { type: "string" },
        colours: {
          type: "object",
          properties: {
            primary: { type: "string" },
            secondary: { type: "string" },
            text: { type: "string" },
            background: { type: "string" },
          },
        },
      },
    },
    letters: {
      type: "object",
      properties: {
        window: {
          type: "object",
          properties: {
            leftMm: { type: "number" },
            topMm: { type: "number" },
            widthMm: { type: "number" },
            heightMm: { type: "number" },
          },
        },
        windowPaddingMm: { type: "number" },
      },
    },
    dkim: {
      type: "object",
      description:
        '`{ "signer": "relay" }`, or `{ "signer": "lekwijzer", "domainName", "keySelector", "privateKey"? }` (PEM, sealed at rest; left out: the stored key is kept, or a new one is made)',
      properties: {
        signer: { type: "string", enum: ["lekwijzer", "relay"] },
        domainName: { type: "string" },
        keySelector: { type: "string" },
      },
    },
  },
} as const;

const profileViewSchema = {
  type: "object",
  properties: {
    profile: profileSchema,
    dkimKey: {
      type: ["object", "null"],
      description:
        "The key Lekwijzer signs with: the public half for the DNS record, and its SHA-256 fingerprint",
      properties: { fingerprint: { type: "string" }, publicKey: { type: "string" } },
    },
    updatedAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;

const domainSchema = {
  type: "object",
  properties: {
    domain: { type: "string" },
    status: { type: "string", enum: ["verified", "unverified"] },
    verifiedAt: { type: ["string", "null"], format: "date-time" },
    method: { type: ["string", "null"], enum: ["dns", "manual", null] },
    verifiedBy: { type: ["string", "null"] },
    records: {
      type: "array",
      description: "What to publish in DNS: the verification record, and SPF, DKIM and DMARC",
      items: {
        type: "object",
        properties: {
          purpose: { type: "string", enum: ["verification", "spf", "dkim", "dmarc"] },
          type: { type: "string" },
          name: { type: "string" },
          value: { type: "string" },
          note: { type: "string" },
        },
      },
    },
  },
} as const;

const domainParams = {
  type: "object",
  required: ["domain"],
  properties: { domain: { type: "string", maxLength: 253 } },
} as const;

/** What both route groups share: the operations' context, the admin door, and the documented answers. */
interface Door {
  ctx: OperationContext;
  admin: { onRequest: ReturnType<typeof requireScope> };
  keyed: (extra: Record<number, unknown>) => Record<string, unknown>;
}

export async function organisationApiRoutes(
  app: FastifyInstance,
  options: OrganisationRoutesOptions,
): Promise<void> {
  const door: Door = {
    ctx: { ...options.store, publicUrl: options.publicUrl },
    admin: { onRequest: requireScope("admin", options.authenticate) },
    keyed: (extra) => keyedOperationSchema("organisation", extra),
  };
  profileRoutes(app, door);
  domainRoutes(app, door, options.resolveTxt);
}

function profileRoutes(app: FastifyInstance, { ctx, admin, keyed }: Door): void {
  app.get(
    "/organisation/profile",
    {
      ...admin,
      schema: {
        summary: "The organisation's sender profile (never the DKIM private key)",
        ...keyed({
          200: success(
            "The profile, the public half of its DKIM key, and when it last changed",
            profileViewSchema,
          ),
        }),
      },
    },
    async (request) => answer(() => showProfile(ctx, requestActor(request))),
  );

  app.put<{ Body: unknown }>(
    "/organisation/profile",
    {
      ...admin,
      config: { rateLimit: {} },
      schema: {
        summary: "Replace the sender profile",
        description:
          "Validated as a whole: the From address and the DKIM domain lie within `domains`. Its domains are added for " +
          "verification. A change voids the approval of every approved, running or paused campaign of the organisation " +
          "(back to draft: check and approve again), since an approval covers who sends.",
        body: { type: "object" },
        ...keyed({
          200: success(
            "The stored profile, what the change voided, and the domains with the records to publish",
            {
              type: "object",
              properties: {
                ...profileViewSchema.properties,
                changed: { type: "boolean" },
                voidedCampaigns: { type: "array", items: { type: "string" } },
                domains: { type: "array", items: domainSchema },
              },
            },
          ),
        }),
      },
    },
    async (request) => answer(() => setProfile(ctx, requestActor(request), { profile: request.body })),
  );
}

function domainRoutes(app: FastifyInstance, { ctx, admin, keyed }: Door, resolveTxt: TxtResolver): void {
  app.get(
    "/organisation/domains",
    {
      ...admin,
      schema: {
        summary: "The sending domains, whether each is verified, and the DNS records to publish",
        ...keyed({
          200: success("The domains", {
            type: "object",
            properties: { domains: { type: "array", items: domainSchema } },
          }),
        }),
      },
    },
    async (request) => ({ domains: await answer(() => listDomains(ctx, requestActor(request))) }),
  );

  app.post<{ Body: { domain: string } }>(
    "/organisation/domains",
    {
      ...admin,
      schema: {
        summary: "Add a sending domain: the answer names the TXT record that proves control",
        body: {
          type: "object",
          required: ["domain"],
          additionalProperties: false,
          properties: { domain: { type: "string", maxLength: 253 } },
        },
        ...keyed({ 201: success("The domain and the records to publish", domainSchema) }),
      },
    },
    async (request, reply) => {
      const view = await answer(() => addDomain(ctx, requestActor(request), { domain: request.body.domain }));
      return reply
        .code(201)
        .header("location", `${app.prefix}/organisation/domains/${view.domain}`)
        .send(view);
    },
  );

  app.post<{ Params: { domain: string } }>(
    "/organisation/domains/:domain/verify",
    {
      ...admin,
      config: { rateLimit: {} },
      schema: {
        summary: "Look up the domain's verification record in DNS and mark it verified",
        description: "409 names the record when it is not (yet) there; 503 when DNS did not answer.",
        params: domainParams,
        ...keyed({
          200: success("The domain, verified", domainSchema),
          ...problemResponses("not-ready"),
        }),
      },
    },
    async (request) =>
      answer(() => verifyDomain(ctx, requestActor(request), { domain: request.params.domain, resolveTxt })),
  );
}
