/**
 * Message previews over HTTP: the same rendering as `lekwijzer preview`, returned as JSON (e-mail source and
 * parts, SMS with its segment count, portal HTML, letter PDF in base64) with the pre-send check findings.
 * Stateless: nothing is stored and no victim data is read from the database.
 */
import type { FastifyInstance } from "fastify";
import { parseBreachFacts } from "../../assess/index.ts";
import {
  CHANNELS,
  FINDING_SOURCES,
  LetterTooLongError,
  MESSAGE_KINDS,
  type MessageKind,
  MissingValueError,
  OutputTooLargeError,
  parseMessageSetup,
  parseRecipient,
  type Recipient,
  RenderBusyError,
  RenderResourceError,
  RenderTimeoutError,
  renderPreviewInWorker,
  SAMPLE_RECIPIENTS,
  sampleSetup,
  TemplateError,
} from "../../messages/index.ts";
import { type ApiKey, scopeAllows } from "../../store/index.ts";
import { type Authenticator, BEARER_SECURITY, optionalKey } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { ProblemError, type ProblemItem } from "../problems.ts";

/** One pre-send check finding (src/messages/README.md, "Checks"), as the preview and campaign APIs return it. */
export const findingSchema = {
  type: "object",
  additionalProperties: true,
  properties: {
    check: { type: "string", enum: ["completeness", "plain-language", "anti-phishing", "length", "reach"] },
    severity: { type: "string", enum: ["block", "warn"], description: "block stops sending; warn is shown" },
    element: { type: "string", description: "The framework element the finding is about" },
    section: { type: "string", description: "The section (or summary, subject, sms) the finding is about" },
    channel: { type: "string", enum: [...CHANNELS], description: "Absent when it holds for every channel" },
    variant: { type: "string", description: "The message (id) it was found in" },
    message: { type: "string" },
    suggestion: { type: "string" },
    source: {
      type: "string",
      enum: [...FINDING_SOURCES],
      description:
        "Whose text it is about: the organisation's own texts or profile, its override of an element, or text " +
        "the platform generates from the framework (staff cannot change that). Absent for the message as a " +
        "whole (size, pages) and for the person's contact data.",
    },
  },
} as const;

interface PreviewBody {
  facts?: unknown;
  setup?: unknown;
  recipient?: unknown;
  kind?: string;
}

const stringArray = { type: "array", maxItems: 100, items: { type: "string", maxLength: 100 } } as const;
const line = (maxLength: number) => ({ type: "string", minLength: 1, maxLength }) as const;

const postalAddressSchema = {
  type: "object",
  additionalProperties: false,
  required: ["street", "houseNumber", "postcode", "city"],
  properties: {
    street: line(200),
    houseNumber: line(20),
    postcode: line(20),
    city: line(100),
    country: { type: "string", pattern: "^[A-Z]{2}$" },
  },
} as const;

// One line, no control characters, no spaces: what survives into an e-mail header must not break it.
const emailSchema = {
  type: "string",
  maxLength: 254,
  pattern: '^[^\\s@<>()",;:]+@[^\\s@<>()",;:]+\\.[^\\s@<>()",;:]+$',
};
const phoneSchema = { type: "string", maxLength: 30, pattern: "^\\+?[0-9 ()-]{6,29}$" };

const bodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    facts: { type: "object", description: "Breach facts (contracts §2); default: the sample breach" },
    setup: {
      type: "object",
      description:
        "The organisation, its own texts, overrides, layout, subjects and date (see src/messages/README.md)",
    },
    recipient: {
      type: "object",
      additionalProperties: false,
      required: ["id", "language", "categories", "flags"],
      properties: {
        id: line(100),
        name: line(200),
        email: emailSchema,
        phone: phoneSchema,
        language: { type: "string", enum: ["nl", "en"] },
        categories: stringArray,
        flags: stringArray,
        address: postalAddressSchema,
        representative: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: { name: line(200), address: postalAddressSchema, email: emailSchema },
        },
        segment: line(100),
      },
      description: "The victim; default: the first sample victim",
    },
    kind: { type: "string", enum: [...MESSAGE_KINDS], default: "first-notice" },
  },
} as const;

const previewRouteSchema = {
  summary: "Preview a personal notification on every channel",
  description:
    "Composes the message from the framework's template texts and the victim's action plan, renders it as " +
    "e-mail, SMS, letter (PDF, base64) and portal HTML, and runs the completeness, plain-language, " +
    "anti-phishing, length and reach checks per channel. `sendableBy` lists the channels nothing blocks " +
    "(a missing postal address blocks the letter, not the e-mail); `sendable` is false when that is empty. " +
    "Anyone may preview the sample organisation's message for any breach facts and victim; an " +
    "organisation's own `setup` (texts, templates, layout) needs an API key with the write scope.",
  security: [{}, ...BEARER_SECURITY],
  tags: ["messages"],
  body: bodySchema,
  response: {
    200: success("The rendered message on every channel, with the check findings", {
      type: "object",
      additionalProperties: true,
      properties: { findings: { type: "array", items: findingSchema } },
    }),
    ...problemResponses(
      "validation-failed",
      "unauthorized",
      "forbidden",
      "payload-too-large",
      ...COMMON_PROBLEMS,
    ),
  },
};

type PreviewInput = NonNullable<Parameters<typeof renderPreviewInWorker>[0]>;
type Rendered = Awaited<ReturnType<typeof renderPreviewInWorker>>;

/** Problems of one part of the body, with their paths inside the body. */
const problemsAt = (part: string, problems: { path: string; message: string }[]): ProblemItem[] =>
  problems.map((p) => ({ path: p.path ? `body.${part}.${p.path}` : `body.${part}`, message: p.message }));

/** The sample setup, or the organisation's own for a key with the write scope; the body's facts replace the breach. */
function setupFrom(body: PreviewBody, key: ApiKey | undefined): PreviewInput["setup"] {
  let setup = sampleSetup();
  if (body.setup !== undefined) {
    // Custom templates are staff work, and rendering them costs: only for an organisation's key holders.
    if (!key)
      throw new ProblemError("unauthorized", "A custom setup needs an API key: Authorization: Bearer <key>.");
    if (!scopeAllows(key.scope, "write"))
      throw new ProblemError("forbidden", 'A custom setup needs a key with the "write" scope.');
    const parsed = parseMessageSetup(body.setup, setup);
    if (!parsed.ok) {
      throw new ProblemError(
        "validation-failed",
        "The message setup is not valid.",
        problemsAt("setup", parsed.problems),
      );
    }
    setup = parsed.value;
  }
  if (body.facts !== undefined) {
    const parsed = parseBreachFacts(body.facts);
    if (!parsed.ok) {
      const problems: ProblemItem[] = parsed.problems.map((p) => ({
        path: `body.facts.${p.path}`,
        message: p.message,
      }));
      throw new ProblemError("validation-failed", "The breach facts are not valid.", problems);
    }
    setup.breach = parsed.value;
  }
  return setup;
}

/** The body's recipient, or the first sample victim. */
function recipientFrom(body: PreviewBody): Recipient | undefined {
  if (body.recipient === undefined) return SAMPLE_RECIPIENTS[0];
  const parsed = parseRecipient(body.recipient);
  if (!parsed.ok) {
    throw new ProblemError(
      "validation-failed",
      "The recipient is not valid.",
      problemsAt("recipient", parsed.problems),
    );
  }
  return parsed.value;
}

/** Renders in a worker thread with a time and memory limit: a costly template cannot stall the server. */
async function renderOrProblem(input: PreviewInput): Promise<Rendered> {
  try {
    return await renderPreviewInWorker(input);
  } catch (error) {
    // Template errors name the placeholder and line; they and oversized output are the caller's to fix.
    if (
      error instanceof TemplateError ||
      error instanceof MissingValueError ||
      error instanceof OutputTooLargeError ||
      error instanceof LetterTooLongError ||
      error instanceof RenderTimeoutError ||
      error instanceof RenderResourceError
    ) {
      throw new ProblemError("validation-failed", error.message);
    }
    if (error instanceof RenderBusyError) throw new ProblemError("too-many-requests", error.message);
    throw error;
  }
}

function previewResponse(rendered: Rendered) {
  const sms = rendered.sms;
  return {
    subject: rendered.message.subject,
    // Sendable when at least one channel reaches the person and nothing blocks there.
    sendable: rendered.sendableBy.length > 0,
    sendableBy: rendered.sendableBy,
    findings: rendered.findings,
    email: {
      messageId: rendered.email.messageId,
      text: rendered.email.text,
      html: rendered.email.html,
      eml: rendered.email.eml,
    },
    sms: { text: sms.text, encoding: sms.encoding, segments: sms.segments },
    portalHtml: rendered.portal,
    letter: rendered.letter
      ? { pages: rendered.letter.pages, pdfBase64: rendered.letter.pdf.toString("base64") }
      : null,
  };
}

export async function messageApiRoutes(
  app: FastifyInstance,
  options: { authenticate: Authenticator | undefined },
): Promise<void> {
  app.post<{ Body: PreviewBody }>(
    "/message-previews",
    {
      config: { rateLimit: {} },
      // A presented key is checked on arrival, before the body is validated: a wrong key is 401, never 400.
      onRequest: async (request) => {
        await optionalKey(request, options.authenticate);
      },
      schema: previewRouteSchema,
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const setup = setupFrom(request.body, request.apiKey);
      const recipient = recipientFrom(request.body);
      const rendered = await renderOrProblem({
        setup,
        ...(recipient ? { recipient } : {}),
        kind: (request.body.kind ?? "first-notice") as MessageKind,
      });
      return previewResponse(rendered);
    },
  );
}
