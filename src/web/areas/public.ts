/**
 * The public area: pages anyone may read without logging in (home, advice, help, "is this message genuine?",
 * "Mijn plan",
 * the framework for organisations, the breach pages and the register of large breaches, organisations'
 * transparency registers (which personal data they process), "am I affected?" for a
 * published breach, the accessibility
 * statement), the sitemap and robots.txt,
 * their stylesheets, the problem-type pages the API links to, and the
 * security contact. Every page works without JavaScript.
 */
import type { FastifyInstance } from "fastify";
import type { Executor, Keyring } from "../../store/index.ts";
import { assetRoutes } from "../assets.ts";
import { html } from "../html.ts";
import { page } from "../layout.ts";
import { accessibilityRoutes } from "../pages/accessibility.ts";
import { adviceRoutes } from "../pages/advice.ts";
import { type AffectedCheckOptions, affectedCheckRoutes } from "../pages/affected-check.ts";
import { type BreachPageServing, breachPageRoutes } from "../pages/breach-page.ts";
import { findableRoutes } from "../pages/findable.ts";
import { frameworkPageRoutes } from "../pages/framework.ts";
import { helpRoutes } from "../pages/help.ts";
import { homeRoutes } from "../pages/home.ts";
import { type MyPlanOptions, myPlanRoutes } from "../pages/my-plan.ts";
import { registerRoutes } from "../pages/register.ts";
import { type ReportPhishingOptions, reportPhishingRoutes } from "../pages/report-phishing.ts";
import { transparencyPageRoutes } from "../pages/transparency-page.ts";
import { type VerifyMessageOptions, verifyMessageRoutes } from "../pages/verify-message.ts";
import { PROBLEMS, type ProblemCode } from "../problems.ts";
import { type SecurityContact, securityRoutes } from "./security.ts";

export interface PublicAreaOptions {
  security: SecurityContact;
  /** The database behind "is this message genuine?"; without it (a server with no store) the page is absent. */
  verify?: VerifyMessageOptions;
  /** The database behind the breach pages and the sitemap's list of them; without it there are none. */
  store?: { db: Executor; keys: Keyring };
  /** How this process serves breach pages (its cache and renderer), shared with the API's operations. */
  breachPages?: BreachPageServing;
  /** The database behind "am I affected?" (/datalek/<slug>/getroffen); absent without a store. */
  affected?: AffectedCheckOptions;
  /** The database behind "I received a suspicious message" on a breach's page; absent without a store. */
  reportPhishing?: ReportPhishingOptions;
  /** The database behind "Mijn plan" (the personal code's plan); without it the page is absent. */
  myPlan?: MyPlanOptions;
}

export async function publicArea(app: FastifyInstance, options: PublicAreaOptions): Promise<void> {
  await app.register(assetRoutes);
  await app.register(homeRoutes);
  await app.register(adviceRoutes, options.store ? { store: options.store } : {});
  await app.register(helpRoutes);
  await app.register(frameworkPageRoutes);
  await app.register(securityRoutes, options.security);
  if (options.verify) await app.register(verifyMessageRoutes, options.verify);
  if (options.store)
    await app.register(breachPageRoutes, {
      store: options.store,
      ...(options.breachPages ? { serving: options.breachPages } : {}),
    });
  await app.register(findableRoutes, options.store ? { store: options.store } : {});
  if (options.store) await app.register(registerRoutes, { store: options.store });
  if (options.store) await app.register(transparencyPageRoutes, { store: options.store });
  await app.register(accessibilityRoutes, { contact: options.security.contact });
  if (options.affected) await app.register(affectedCheckRoutes, options.affected);
  if (options.reportPhishing) await app.register(reportPhishingRoutes, options.reportPhishing);
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
