/**
 * The knowledge API: assess a breach, build a personal action plan, and read the framework as open data.
 * Input is validated by the assess part's own parsers, so the API reports exactly the problems the CLI does.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import {
  assess,
  DPC_LEVEL_MAX,
  DPC_LEVEL_MIN,
  parseBreachFacts,
  parsePlanInput,
  planFor,
  REASON_CODES,
  SAFE_ROUTES,
} from "../../assess/index.ts";
import type { Language } from "../../core/index.ts";
import { frameworkDocument } from "../../framework/index.ts";
import { COMMON_PROBLEMS, emptySuccess, problemResponses, success } from "../openapi.ts";
import { ProblemError } from "../problems.ts";

const languageQuery = {
  type: "object",
  properties: {
    lang: { type: "string", enum: ["nl", "en"], description: "Language of the texts (default nl)" },
  },
} as const;

const openObject = { type: "object", additionalProperties: true } as const;

const factValue = { type: ["string", "number", "boolean", "null"] } as const;

/**
 * The breach facts (contracts §2) as documentation: the body stays an open object so the assess part's own parser
 * reports every problem, with the same paths and suggestions as the CLI. Declared here are the fields added
 * after the first version, so clients can discover them.
 */
const breachFactsBody = {
  type: "object",
  additionalProperties: true,
  description: "Breach facts (contracts §2). Validated by the same parser as `lekwijzer assess`.",
  properties: {
    adjustments: {
      type: "array",
      description: "The organisation's context factors (ENISA DPC adjustments), each with its stated reason.",
      items: {
        type: "object",
        properties: {
          direction: { type: "string", enum: ["up", "down"] },
          reason: { type: "string" },
          level: {
            type: "integer",
            minimum: DPC_LEVEL_MIN,
            maximum: DPC_LEVEL_MAX,
            description:
              "Optional ENISA data-processing-context level the organisation says applies: up raises the score to " +
              "at least this level, down lowers it to at most this level. Without it an adjustment moves one step.",
          },
        },
      },
    },
    physicalSafety: {
      type: "object",
      description:
        "Knowing who these people are, where they live or what they do can endanger their physical safety " +
        "(police or prison staff, interpreters, witnesses, people hiding from a violent partner, sources, " +
        "refugees). Makes the breach high risk when readable data reached anyone beyond trusted recipients.",
      properties: {
        reason: { type: "string", description: "Why exposure can endanger them" },
        subjects: {
          type: "integer",
          minimum: 0,
          description: "How many are endangered, when fewer than all",
        },
        safeToContactDirectly: {
          type: "boolean",
          description: "The organisation's own channels reach them without adding danger",
        },
      },
    },
  },
} as const;

/** The assessment as contracts §3 describes it, plus the sensitivity section (issue 8). */
const assessmentResponse = {
  type: "object",
  required: [
    "frameworkVersion",
    "severity",
    "risk",
    "obligations",
    "largeBreach",
    "safety",
    "reasons",
    "sensitivity",
    "borderline",
  ],
  properties: {
    frameworkVersion: { type: "string" },
    severity: {
      type: "object",
      properties: {
        dpc: { type: "number" },
        ei: { type: "number" },
        cb: { type: "number" },
        score: { type: "number" },
        level: { type: "string", enum: ["low", "medium", "high", "very-high"] },
      },
    },
    risk: { type: "string", enum: ["unlikely", "risk", "high"] },
    obligations: {
      type: "object",
      properties: {
        documentInternally: { type: "boolean" },
        notifyAuthority: { type: "boolean" },
        authorityDeadline: { type: ["string", "null"], description: "awareAt + 72 h in awareAt's offset" },
        notifySubjects: { type: "boolean" },
        subjectsExemption: {
          type: ["string", "null"],
          enum: ["encrypted", "mitigated", "disproportionate-effort", null],
        },
        publicCommunication: { type: "boolean" },
      },
    },
    largeBreach: { type: "boolean" },
    safety: {
      type: ["object", "null"],
      description:
        "Null unless the facts state physicalSafety; then whether it applied and how to reach the people.",
      properties: {
        reason: { type: "string" },
        subjects: { type: ["integer", "null"] },
        exposed: { type: "boolean", description: "The danger applies: high risk, inform the people at once" },
        routes: { type: "array", items: { type: "string", enum: [...SAFE_ROUTES] } },
      },
    },
    reasons: {
      type: "array",
      description: "Every rule that fired, in the order it ran.",
      items: {
        type: "object",
        properties: {
          code: { type: "string", enum: [...REASON_CODES] },
          text: { type: "string" },
          effect: { type: "string", enum: ["set", "raised", "lowered", "confirmed"] },
        },
      },
    },
    sensitivity: {
      type: "array",
      description:
        "The single changes of the facts that would flip an obligation: what would have to be different, and " +
        "whether that fact is a judgement (trust in the recipients, unintelligibility, adjustments, mitigation, " +
        "disproportionate effort) or an observation (counts, categories, malice, recovery).",
      items: {
        type: "object",
        properties: {
          obligation: { type: "string", enum: ["notifyAuthority", "notifySubjects"] },
          becomes: { type: "boolean" },
          change: {
            type: "object",
            properties: {
              path: { type: "string", description: 'As in input problems, e.g. "data[2].unintelligible"' },
              from: factValue,
              to: factValue,
            },
          },
          judgement: { type: "boolean" },
          text: { type: "string" },
        },
      },
    },
    borderline: {
      type: "boolean",
      description: "Some change that is a judgement, not an observation, flips an obligation.",
    },
  },
} as const;

/** The framework document, served as it was built at start, with an ETag for caches. */
function frameworkRoute(app: FastifyInstance): void {
  const document = frameworkDocument();
  const documentJson = JSON.stringify(document);
  const etag = `"${createHash("sha256").update(documentJson).digest("base64url").slice(0, 27)}"`;

  app.get(
    "/framework",
    {
      schema: {
        summary: "The handelingskader as open data",
        description:
          "Every data category, risk, step, help organisation, victim flag and required information element with " +
          "its template texts, in Dutch and English, with the framework version. Cacheable; supports If-None-Match.",
        tags: ["framework"],
        response: {
          200: success("The framework document", {
            ...openObject,
            properties: { version: { type: "string" } },
          }),
          304: emptySuccess("Not modified (If-None-Match matched the ETag)"),
          ...problemResponses(...COMMON_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      reply
        .header("etag", etag)
        .header("cache-control", "public, max-age=3600")
        .header("access-control-allow-origin", "*");
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      return reply.type("application/json; charset=utf-8").send(documentJson);
    },
  );
}

/** The assessment of breach facts; the facts parser, not the body schema, judges the body. */
function assessmentRoute(app: FastifyInstance): void {
  app.post<{ Querystring: { lang?: Language } }>(
    "/assessments",
    {
      config: { rateLimit: {} },
      // The body schema documents the facts; the parser below judges them, so the API reports the same problems
      // as the CLI. Query problems are still the framework's to report.
      attachValidation: true,
      schema: {
        summary: "Assess a personal-data breach",
        description:
          "Takes breach facts (contracts §2) and returns the ENISA severity, the GDPR art. 33/34 obligations with the " +
          "72-hour deadline, whether the breach is large, every rule that moved the outcome (contracts §3), and the " +
          "sensitivity section: the single changes of the facts that would flip an obligation, with a borderline flag.",
        tags: ["assessment"],
        querystring: languageQuery,
        body: breachFactsBody,
        response: {
          200: success("The assessment (contracts §3) with its sensitivity section", assessmentResponse),
          ...problemResponses("validation-failed", "payload-too-large", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      // Only a body that is an object goes to the parser; anything else (an array, a string, deep nesting) is
      // refused here as before, so the parser never walks hostile shapes.
      const body = request.body;
      const isObject = body !== null && typeof body === "object" && !Array.isArray(body);
      if (request.validationError && (request.validationError.validationContext !== "body" || !isObject))
        throw request.validationError;
      const parsed = parseBreachFacts(request.body);
      if (!parsed.ok)
        throw new ProblemError("validation-failed", "The breach facts are not valid.", parsed.problems);
      return assess(parsed.value, { language: request.query.lang ?? "nl" });
    },
  );
}

function actionPlanRoute(app: FastifyInstance): void {
  app.post(
    "/action-plans",
    {
      config: { rateLimit: {} },
      schema: {
        summary: "Build a personal action plan",
        description:
          "Takes `{ breach, victim }` (contracts §4) and returns the person's risks, ordered steps and the recommended " +
          "channel, only for the data that leaked and the flags that apply.",
        tags: ["assessment"],
        body: openObject,
        response: {
          200: success("The personal action plan (contracts §4)", openObject),
          ...problemResponses("validation-failed", "payload-too-large", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const parsed = parsePlanInput(request.body);
      if (!parsed.ok)
        throw new ProblemError("validation-failed", "The plan input is not valid.", parsed.problems);
      return planFor(parsed.value);
    },
  );
}

export async function knowledgeApiRoutes(app: FastifyInstance): Promise<void> {
  frameworkRoute(app);
  assessmentRoute(app);
  actionPlanRoute(app);
}
