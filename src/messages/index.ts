/**
 * messages: personal notifications to victims of a breach. Owns the template language staff write in, the
 * assembly of a notice from the framework's required elements and the victim's action plan, the renderers
 * (e-mail as RFC 5322 with text and HTML, SMS, letter PDF with print batches, portal HTML), the checks that
 * must pass before sending (completeness, B1, anti-phishing, length) and per-message verification codes.
 * Messages compose, channels render: `composeMessage` builds a channel-free message, one `ChannelRenderer` per
 * channel renders it (pure, no file I/O); files.ts is the only file edge, workers/ and
 * letter/letter-batches.ts run rendering in worker threads. See README.md for the template syntax and the letter
 * layout. Other parts import only this file, and it exports only what they import; tests import the module
 * they test.
 */

export { BREACH_ADVICE_PATH, isBreachName } from "./advice-link.ts";
export { messageIdOf } from "./channels/email.ts";
export { buildMime } from "./channels/mime.ts";
export { emailRenderer, OutputTooLargeError, smsRenderer } from "./channels/renderers.ts";
export { FINDING_SOURCES, type Finding, findingLine } from "./checks/findings.ts";
export { canonicalCode } from "./codes.ts";
export { type CompiledMessageSetup, compileMessageSetup, type MessageSetup } from "./compose/campaign.ts";
export { composeMessage, planForRecipient } from "./compose/compose.ts";
export { parseMessageSetup, parseRecipient, type SetupProblem } from "./compose/setup.ts";
export { previewToFiles, writeLetterBatch } from "./files.ts";
export { LetterTooLongError } from "./letter/layout.ts";
export { type ComposedMessage, MESSAGE_KINDS, type MessageKind, type Recipient } from "./message.ts";
export { portalAddresses } from "./portal-addresses.ts";
export { addressChangeNotice, addressConfirmationLetter, planLetter } from "./portal-letters.ts";
export { renderPreview } from "./preview.ts";
export {
  SAMPLE_BREACH,
  SAMPLE_ORGANISATION,
  SAMPLE_RECIPIENTS,
  SAMPLE_TEXTS,
  sampleSetup,
} from "./sample.ts";
export { CHANNELS, MissingValueError, TemplateError } from "./template/template.ts";
export { escapeHtml } from "./text.ts";
export { renderPreviewInWorker } from "./workers/preview-worker.ts";
export { RenderBusyError, RenderResourceError, RenderTimeoutError } from "./workers/threads.ts";
