/**
 * Message previews over HTTP: the same rendering as `lekwijzer preview`, returned as JSON (e-mail source and
 * parts, SMS with its segment count, portal HTML, letter PDF in base64) with the pre-send check findings.
 * Stateless: nothing is stored and no victim data is read from the database.
 */
import type { FastifyInstance } from "fastify";
import { parseBreachFacts } from "../../assess/index.ts";
import {
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
import { ProblemError, type ProblemItem } from "../problems.ts";

interface PreviewBody {
  facts?: unknown;
  setup?: unknown;
  recipient?: unknown;
  kind?: string;
}

const stringArray = { type: "array", items: { type: "string" } } as const;

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
      required: ["id", "language", "categories", "flags"],
      properties: {
        id: { type: "string", minLength: 1 },
        name: { type: "string" },
        email: { type: "string" },
        phone: { type: "string" },
        language: { type: "string", enum: ["nl", "en"] },
        categories: stringArray,
        flags: stringArray,
        address: { type: "object" },
        representative: { type: "object" },
        segment: { type: "string" },
      },
      description: "The victim; default: the first sample victim",
    },
    kind: { type: "string", enum: [...MESSAGE_KINDS], default: "first-notice" },
  },
} as const;

export async function messageApiRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: PreviewBody }>(
    "/api/v1/message-previews",
    {
      config: { rateLimit: {} },
      schema: {
        summary: "Preview a personal notification on every channel",
        description:
          "Composes the message from the framework's template texts and the victim's action plan, renders it as " +
          "e-mail, SMS, letter (PDF, base64) and portal HTML, and runs the completeness, plain-language, " +
          "anti-phishing, length and reach checks per channel. `sendableBy` lists the channels nothing blocks " +
          "(a missing postal address blocks the letter, not the e-mail); `sendable` is false when that is empty.",
        tags: ["messages"],
        body: bodySchema,
        response: { 200: { type: "object", additionalProperties: true } },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      let setup = sampleSetup();
      if (request.body.setup !== undefined) {
        const parsed = parseMessageSetup(request.body.setup, setup);
        if (!parsed.ok) {
          const problems = parsed.problems.map((p) => ({
            path: p.path ? `body.setup.${p.path}` : "body.setup",
            message: p.message,
          }));
          throw new ProblemError("validation-failed", "The message setup is not valid.", problems);
        }
        setup = parsed.value;
      }
      if (request.body.facts !== undefined) {
        const parsed = parseBreachFacts(request.body.facts);
        if (!parsed.ok) {
          const problems: ProblemItem[] = parsed.problems.map((p) => ({
            path: `body.facts.${p.path}`,
            message: p.message,
          }));
          throw new ProblemError("validation-failed", "The breach facts are not valid.", problems);
        }
        setup.breach = parsed.value;
      }
      let recipient: Recipient | undefined = SAMPLE_RECIPIENTS[0];
      if (request.body.recipient !== undefined) {
        const parsed = parseRecipient(request.body.recipient);
        if (!parsed.ok) {
          const problems = parsed.problems.map((p) => ({
            path: p.path ? `body.recipient.${p.path}` : "body.recipient",
            message: p.message,
          }));
          throw new ProblemError("validation-failed", "The recipient is not valid.", problems);
        }
        recipient = parsed.value;
      }
      let rendered: Awaited<ReturnType<typeof renderPreviewInWorker>>;
      try {
        // In a worker thread with a time and memory limit: a costly template cannot stall the server.
        rendered = await renderPreviewInWorker({
          setup,
          ...(recipient ? { recipient } : {}),
          kind: (request.body.kind ?? "first-notice") as MessageKind,
        });
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
    },
  );
}
