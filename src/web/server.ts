/**
 * The HTTP server: what every request gets (security headers, request ids, timeouts, size limits, rate limits,
 * problem+json errors, the OpenAPI generator), then one Fastify plugin per area, each under its own prefix.
 * Areas declare what they need in their options; later areas (portal, console, oversight) plug in the same way.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import formbody from "@fastify/formbody";
import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import type { Logger } from "pino";
import type { TxtResolver } from "../operations/index.ts";
import type { Db, Executor, Keyring } from "../store/index.ts";
import { apiArea } from "./areas/api.ts";
import { metricsArea } from "./areas/metrics.ts";
import { type OutboxReader, outboxArea } from "./areas/outbox.ts";
import { type PublicAreaOptions, publicArea } from "./areas/public.ts";
import { systemRoutes } from "./areas/system.ts";
import { WEBHOOK_SECURITY_SCHEMES, type WebhookCredentials } from "./areas/webhooks.ts";
import { type Authenticator, SECURITY_SCHEMES } from "./auth.ts";
import { installErrorHandlers } from "./errors.ts";
import { setSiteOrigin } from "./layout.ts";
import { API_PREFIX, API_VERSION } from "./openapi.ts";
import type { AffectedPageLimits } from "./pages/affected-check.ts";
import { type BreachPageServing, breachPageServing } from "./pages/breach-page.ts";
import { type ConsoleOptions, consoleRoutes } from "./pages/console.ts";
import type { MyPlanOptions } from "./pages/my-plan.ts";
import type { ReportLimits } from "./pages/report-phishing.ts";
import type { VerifyLimits } from "./pages/verify-message.ts";
import { DEFAULT_RATE_LIMIT_CLIENTS, registerRateLimit } from "./rate-limit.ts";
import { installRequestDeadline, uploadDeadlineMs } from "./request-deadline.ts";
import { registerSecurityHeaders } from "./security-headers.ts";
import { DEFAULT_UPLOAD_BYTES } from "./upload-stream.ts";

export interface ServerDependencies {
  logger: Logger;
  publicUrl: string;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  /** Requests per minute per client on the computing endpoints (assessments, plans, previews, advice). */
  rateLimitPerMinute?: number;
  /**
   * Which proxies may set `X-Forwarded-For` (Fastify's `trustProxy`): false (default) uses the socket address,
   * a number trusts that many hops, a list trusts those addresses or CIDR ranges.
   */
  trustProxy?: boolean | number | string[];
  /** The operator's e-mail address: the API's contact and where security reports go. */
  operatorEmail?: string;
  /** Checks API keys; without it no key is accepted (routes that need one answer 401). */
  authenticate?: Authenticator;
  /** The database and keys, for the routes that read or change stored data (breaches, campaigns). */
  store?: { db: Db; keys: Keyring };
  /** Limits of "is this message genuine?" (per code, per network, overall); tests and benchmarks change them. */
  verifyLimits?: Partial<VerifyLimits>;
  /** Limits of the suspicious-message report form (per network, overall); tests change them. */
  reportLimits?: Partial<ReportLimits>;
  /**
   * "Am I affected?" (/datalek/<slug>/getroffen, needs `store`): whether texts can be sent (an SMS gateway is
   * configured) and the limits (per address, per network, overall, the daily SMS budget per breach).
   */
  affectedCheck?: { smsEnabled: boolean; limits?: Partial<AffectedPageLimits> };
  /** The staff console's clock and log-in rules (timeouts, lock-out); tests change them. Needs `store`. */
  console?: Pick<ConsoleOptions, "now" | "rules" | "oversightAlertHours">;
  /** Limits and clock of "Mijn plan" (per code, per network, overall); tests change them. */
  myPlan?: Omit<MyPlanOptions, "store">;
  /**
   * How provider webhooks authenticate (areas/webhooks.ts): a signing secret per provider, and a bearer token
   * for providers without one. Without either, webhooks answer 401.
   */
  webhooks?: WebhookCredentials;
  /**
   * The built-in outbox's captured messages (embedded mode only): adds the outbox pages at /outbox, answered
   * to clients on this machine only.
   */
  outbox?: OutboxReader;
  /** Adds GET /metrics (Prometheus), read from this database; with `token`, a bearer token is required. */
  metrics?: { token?: string | undefined; db: Executor; queueSchema?: string };
  /** Largest victim-file upload in bytes (default DEFAULT_UPLOAD_BYTES, 2 GiB); sizes the upload deadline. */
  uploadBytes?: number;
  /** An upload that sends nothing for this long is given up (default 60 s). */
  uploadIdleMs?: number;
  /** DNS TXT look-ups for verifying sending domains; default the system resolver (tests pass a stub). */
  resolveTxt?: TxtResolver;
  /** Tighter limits for tests; production uses SERVER_LIMITS. */
  limits?: Partial<ServerLimits>;
}

const REQUEST_ID_HEADER = "x-request-id";

export interface RouteEntry {
  method: string;
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the server registered (HEAD excepted), for tests that must walk them all. */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}

/** Limits that keep one slow or large request from holding the server (see docs/architecture.md). */
export const SERVER_LIMITS: {
  readonly bodyBytes: number;
  readonly formBytes: number;
  readonly requestTimeoutMs: number;
  readonly slowUploadBytesPerSecond: number;
  readonly pageCacheMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly maxUrlLength: number;
  readonly rateLimitClients: number;
} = {
  /** Largest JSON body any route accepts; routes may set less. */
  bodyBytes: 1024 * 1024,
  /** Largest form body (the advice form). */
  formBytes: 64 * 1024,
  /** The whole request, headers and body, must arrive within this time. */
  requestTimeoutMs: 30_000,
  /**
   * The upload route's own deadline is sized for the largest upload at this rate (a slow office uplink,
   * 8 Mbit/s), so a 2 GiB victim file is not cut off; a stalled upload still fails after `uploadIdleMs`.
   */
  slowUploadBytesPerSecond: 1024 * 1024,
  /**
   * A breach page is read from the database at most once per this time per process, however many ask; a page
   * this process re-renders shows at once, one re-rendered elsewhere within this time.
   */
  pageCacheMs: 1_000,
  /** Idle keep-alive connections are closed after this time. */
  keepAliveTimeoutMs: 5_000,
  /** Headers must arrive within this time (slow-loris). */
  headersTimeoutMs: 10_000,
  /** Longest URL, in characters. */
  maxUrlLength: 8 * 1024,
  /** Rate-limit buckets kept at once; while all are live, new clients are limited (see rate-limit.ts). */
  rateLimitClients: DEFAULT_RATE_LIMIT_CLIENTS,
};

export type ServerLimits = typeof SERVER_LIMITS;

/** security@ the public host; a host without a domain (localhost) gets the reserved `.localdomain`. */
function defaultOperatorEmail(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return `security@${host.includes(".") ? host : `${host}.localdomain`}`;
}

function trustProxyOption(setting: ServerDependencies["trustProxy"]): FastifyServerOptions["trustProxy"] {
  if (typeof setting === "number") return (_address: string, hop: number) => hop < setting;
  return setting ?? false;
}

function serverOptions(
  deps: ServerDependencies,
  limits: ServerLimits,
): FastifyHttpOptions<Server, FastifyBaseLogger> {
  // Node's deadline is the upload route's; request-deadline.ts gives every other route the ordinary one.
  const serverDeadline = uploadDeadlineMs(
    deps.uploadBytes ?? DEFAULT_UPLOAD_BYTES,
    limits.slowUploadBytesPerSecond,
    limits.requestTimeoutMs,
  );
  return {
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const incoming = req.headers[REQUEST_ID_HEADER];
      // Accept a caller's id only when it is short and plain, so it cannot smuggle data into logs.
      return typeof incoming === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    requestIdHeader: false,
    logController: new AccessLog(),
    trustProxy: trustProxyOption(deps.trustProxy),
    bodyLimit: limits.bodyBytes,
    requestTimeout: serverDeadline,
    // Node checks request and header deadlines on this interval (30 s by default), so a deadline is only as
    // sharp as the interval.
    http: {
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.requestTimeoutMs / 2)),
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: serverDeadline,
    },
    forceCloseConnections: true,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: 1000,
    routerOptions: { maxParamLength: 200 },
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false, allowUnionTypes: true },
    },
  };
}

/**
 * The public pages: the security contact, and the database behind the breach pages and sitemap, "is this
 * message genuine?", "Mijn plan", "am I affected?" and suspicious-message reports.
 */
function publicAreaOptions(
  deps: ServerDependencies,
  operatorEmail: string,
  breachPages: BreachPageServing,
): PublicAreaOptions {
  // Pages name their canonical and alternate addresses under the public address.
  setSiteOrigin(deps.publicUrl);
  return {
    security: { contact: `mailto:${operatorEmail}`, publicUrl: deps.publicUrl },
    ...(deps.store
      ? {
          store: deps.store,
          breachPages,
          verify: { store: deps.store, ...(deps.verifyLimits ? { limits: deps.verifyLimits } : {}) },
          affected: { store: deps.store, smsEnabled: false, ...deps.affectedCheck },
          reportPhishing: { store: deps.store, ...(deps.reportLimits ? { limits: deps.reportLimits } : {}) },
          myPlan: { ...deps.myPlan, store: deps.store },
        }
      : {}),
  };
}

/**
 * One access line per request, when it is answered (method, path without query, status, time: the serializers
 * in logging.ts), instead of Fastify's two: every line passes the personal-data redaction, the costliest part
 * of logging. Fastify's other lines (errors, not found) stay as they are.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}

/** Keeps the table `listRoutes` answers from. */
function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== "HEAD") table.push({ method, url: route.url });
  });
}

/** The console's options: its own settings, the store, and the upload limit the API keeps to as well. */
function consoleOptions(
  deps: ServerDependencies,
  store: NonNullable<ServerDependencies["store"]>,
): ConsoleOptions {
  return {
    ...deps.console,
    ...(deps.uploadBytes === undefined ? {} : { uploadBytes: deps.uploadBytes }),
    store: { ...store, publicUrl: deps.publicUrl },
    secureCookie: deps.publicUrl.startsWith("https:"),
  };
}

export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...SERVER_LIMITS, ...deps.limits };
  const operatorEmail = deps.operatorEmail ?? defaultOperatorEmail(deps.publicUrl);
  const app = Fastify(serverOptions(deps, limits));
  recordRoutes(app);

  installRequestDeadline(app, limits.requestTimeoutMs);
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (request.url.length > limits.maxUrlLength) {
      return reply.code(414).type("text/plain; charset=utf-8").send("URI too long");
    }
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(formbody, { bodyLimit: limits.formBytes });
  await registerRateLimit(app, deps.rateLimitPerMinute ?? 120, limits.rateLimitClients);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Lekwijzer API",
        version: API_VERSION,
        description:
          "Assess personal-data breaches, build personal action plans and read the handelingskader (the Dutch " +
          "framework for victims of large data breaches) as open data. Errors are application/problem+json.",
        contact: { name: "Lekwijzer", url: deps.publicUrl, email: operatorEmail },
        license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
      },
      servers: [{ url: `${deps.publicUrl}${API_PREFIX}` }],
      components: { securitySchemes: { ...SECURITY_SCHEMES, ...WEBHOOK_SECURITY_SCHEMES } },
    },
  });
  installErrorHandlers(app);

  await app.register(systemRoutes, { ping: deps.ping });
  const breachPages = breachPageServing(limits.pageCacheMs);
  await app.register(publicArea, publicAreaOptions(deps, operatorEmail, breachPages));
  await app.register(apiArea, {
    prefix: API_PREFIX,
    authenticate: deps.authenticate,
    // Operations through the API render the breach pages they change at once (the web part's HTML).
    store: deps.store ? { ...deps.store, breachPages: breachPages.render } : undefined,
    webhooks: deps.webhooks,
    publicUrl: deps.publicUrl,
    uploadBytes: deps.uploadBytes,
    uploadIdleMs: deps.uploadIdleMs,
    resolveTxt: deps.resolveTxt,
  });
  // The staff console: one more door onto the operations, with its own sessions (pages/console.ts).
  if (deps.store) await app.register(consoleRoutes, consoleOptions(deps, deps.store));
  if (deps.outbox) await app.register(outboxArea, { outbox: deps.outbox });
  if (deps.metrics)
    await app.register(metricsArea, {
      db: deps.metrics.db,
      ...(deps.metrics.queueSchema ? { queueSchema: deps.metrics.queueSchema } : {}),
      ...(deps.metrics.token ? { token: deps.metrics.token } : {}),
    });
  return app;
}
