/**
 * The public area: pages anyone may read without logging in (home, advice, help, "is this message genuine?", "Mijn plan",
 * the framework for organisations), their stylesheets, the problem-type pages the API links to, and the
 * security contact. Every page works without JavaScript.
 */
import type { FastifyInstance } from "fastify";
import { assetRoutes } from "../assets.ts";
import { html } from "../html.ts";
import { page } from "../layout.ts";
import { adviceRoutes } from "../pages/advice.ts";
import { frameworkPageRoutes } from "../pages/framework.ts";
import { helpRoutes } from "../pages/help.ts";
import { homeRoutes } from "../pages/home.ts";
import { type MyPlanOptions, myPlanRoutes } from "../pages/my-plan.ts";
import { type VerifyMessageOptions, verifyMessageRoutes } from "../pages/verify-message.ts";
import { PROBLEMS, type ProblemCode } from "../problems.ts";
import { type SecurityContact, securityRoutes } from "./security.ts";

export interface PublicAreaOptions {
  security: SecurityContact;
  /** The database behind "is this message genuine?"; without it (a server with no store) the page is absent. */
  verify?: VerifyMessageOptions;
  /** The database behind "Mijn plan" (the personal code's plan); without it the page is absent. */
  myPlan?: MyPlanOptions;
}

export async function publicArea(app: FastifyInstance, options: PublicAreaOptions): Promise<void> {
  await app.register(assetRoutes);
  await app.register(homeRoutes);
  await app.register(adviceRoutes);
  await app.register(helpRoutes);
  await app.register(frameworkPageRoutes);
  await app.register(securityRoutes, options.security);
  if (options.verify) await app.register(verifyMessageRoutes, options.verify);
  if (options.myPlan) await app.register(myPlanRoutes, options.myPlan);

  app.get<{ Params: { code: string } }>(
    "/problems/:code",
    { schema: { hide: true } },
    async (request, reply) => {
      const code = request.params.code as ProblemCode;
      if (!Object.hasOwn(PROBLEMS, code)) return reply.callNotFound();
      const entry = PROBLEMS[code];
      const body = html`<h1 class="utrecht-heading-1">${entry.title}</h1>
<p class="utrecht-paragraph">Problem type <code>/problems/${code}</code>, HTTP status ${entry.status}.</p>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ language: "en", path: request.url, title: entry.title, body, alternate: false }));
    },
  );
}
