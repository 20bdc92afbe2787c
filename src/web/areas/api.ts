/**
 * The JSON API under /api/v1. Every response carries the `API-Version` header (NL API Design Rules), personal
 * answers are never cached, and the OpenAPI document that describes it is served from here.
 */
import type { FastifyInstance } from "fastify";
import type { BreachPageRenderer } from "../../operations/index.ts";
import { systemTxtResolver, type TxtResolver } from "../../operations/index.ts";
import type { Db, Keyring } from "../../store/index.ts";
import type { Authenticator } from "../auth.ts";
import { API_VERSION } from "../openapi.ts";
import { breachApiRoutes } from "./api-breaches.ts";
import { campaignApiRoutes } from "./api-campaigns.ts";
import { knowledgeApiRoutes } from "./api-knowledge.ts";
import { messageApiRoutes } from "./api-messages.ts";
import { organisationApiRoutes } from "./api-organisation.ts";
import { phishingApiRoutes } from "./api-phishing.ts";
import { portalRequestApiRoutes } from "./api-portal-requests.ts";
import { regulatorNoticeApiRoutes } from "./api-regulator-notices.ts";
import { transparencyApiRoutes } from "./api-transparency.ts";
import { updateApiRoutes } from "./api-updates.ts";
import { type WebhookCredentials, webhookRoutes } from "./webhooks.ts";

export interface ApiAreaOptions {
  authenticate: Authenticator | undefined;
  /** Without a store only the stateless routes (knowledge, previews) are served. */
  store: { db: Db; keys: Keyring; breachPages?: BreachPageRenderer } | undefined;
  webhooks: WebhookCredentials | undefined;
  publicUrl: string;
  /** Largest victim-file upload, in bytes. */
  uploadBytes?: number | undefined;
  /** An upload that sends nothing for this long is given up. */
  uploadIdleMs?: number | undefined;
  /** DNS TXT look-ups for verifying sending domains (default: the system resolver with a time-out). */
  resolveTxt?: TxtResolver | undefined;
}

export async function apiArea(app: FastifyInstance, options: ApiAreaOptions): Promise<void> {
  app.addHook("onSend", async (_request, reply) => {
    reply.header("API-Version", API_VERSION);
    // Answers may hold personal data; routes that publish open data set their own caching.
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });

  await app.register(knowledgeApiRoutes);
  await app.register(messageApiRoutes, { authenticate: options.authenticate });
  if (options.store) {
    await app.register(breachApiRoutes, {
      authenticate: options.authenticate,
      store: options.store,
      ...(options.uploadBytes !== undefined ? { uploadBytes: options.uploadBytes } : {}),
      ...(options.uploadIdleMs !== undefined ? { uploadIdleMs: options.uploadIdleMs } : {}),
    });
    await app.register(campaignApiRoutes, {
      authenticate: options.authenticate,
      store: options.store,
      publicUrl: options.publicUrl,
    });
    await app.register(organisationApiRoutes, {
      authenticate: options.authenticate,
      store: options.store,
      publicUrl: options.publicUrl,
      resolveTxt: options.resolveTxt ?? systemTxtResolver(),
    });
    await app.register(updateApiRoutes, { authenticate: options.authenticate, store: options.store });
    await app.register(phishingApiRoutes, { authenticate: options.authenticate, store: options.store });
    await app.register(portalRequestApiRoutes, { authenticate: options.authenticate, store: options.store });
    await app.register(regulatorNoticeApiRoutes, {
      authenticate: options.authenticate,
      store: options.store,
    });
    await app.register(transparencyApiRoutes, { store: options.store });
    await app.register(webhookRoutes, {
      store: options.store,
      token: options.webhooks?.token,
      secrets: options.webhooks?.secrets ?? {},
    });
  }

  app.get("/openapi.json", { schema: { hide: true } }, async (_request, reply) =>
    reply.header("cache-control", "public, max-age=300").type("application/json").send(app.swagger()),
  );
}
