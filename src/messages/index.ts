/**
 * messages: personal notifications to victims of a breach. Owns the template language staff write in, the
 * assembly of a notice from the framework's required elements and the victim's action plan, the renderers
 * (e-mail as RFC 5322 with text and HTML, SMS, letter PDF with print batches, portal HTML), the checks that
 * must pass before sending (completeness, B1, anti-phishing, length) and per-message verification codes.
 * Messages compose, channels render: `composeMessage` builds a channel-free message, one `ChannelRenderer` per
 * channel renders it (pure, no file I/O); files.ts is the only file edge, preview-worker.ts and
 * letter-batches.ts run rendering in worker threads. See README.md for the template syntax and the letter
 * layout. Other parts import only this file.
 */

export { BREACH_ADVICE_PATH, breachAdviceUrl, isBreachName } from "./advice-link.ts";
export { type Block, blocksFor, type ListItem, type Section, sectionFor } from "./blocks.ts";
export {
  type EmailOptions,
  messageIdOf,
  type RenderedEmail,
  renderEmail,
  renderEmailHtml,
  renderEmailText,
} from "./channels/email.ts";
export { buildMime, deterministicMessageId, type MailAddress, type MimeInput } from "./channels/mime.ts";
export { renderPortalHtml, renderPortalSection } from "./channels/portal.ts";
export {
  type ChannelRenderer,
  emailRenderer,
  letterRenderer,
  OUTPUT_LIMITS,
  OutputTooLargeError,
  portalRenderer,
  RENDERERS,
  type RenderedSms,
  smsRenderer,
} from "./channels/renderers.ts";
export {
  isGsm7,
  SMS_MAX_SEGMENTS,
  type SmsEncoding,
  type SmsLength,
  smsLength,
  toGsmFriendly,
} from "./channels/sms.ts";
export { checkAntiPhishing, type EmailArtefacts } from "./checks/anti-phishing.ts";
export { type RenderedArtefacts, runChecks } from "./checks/checks.ts";
export { checkCompleteness } from "./checks/completeness.ts";
export {
  blockingFindings,
  type CheckName,
  canSend,
  canSendBy,
  FINDING_SOURCES,
  type Finding,
  type FindingSource,
  findingLine,
  sendableChannels,
} from "./checks/findings.ts";
export { checkLengths, LENGTH_LIMITS } from "./checks/length.ts";
export { checkPlainLanguageOfMessage } from "./checks/plain-language.ts";
export { checkReach } from "./checks/reach.ts";
export {
  CODE_ALPHABET,
  CODE_BITS,
  type CodeInput,
  canonicalCode,
  generatePersonalCode,
  generateVerificationCode,
  normalisePersonalCode,
  normaliseVerificationCode,
  verificationCodeDigest,
} from "./codes.ts";
export { addresseeFor, postalLines } from "./compose/addressing.ts";
export {
  allowedPlaceholders,
  type BilingualText,
  type CompiledMessageSetup,
  compileMessageSetup,
  DEFAULT_LAYOUT,
  EXTRA_PLACEHOLDERS,
  type MessageSetup,
  type OrganisationTexts,
} from "./compose/campaign.ts";
export { type ComposeInput, composeMessage, planForRecipient } from "./compose/compose.ts";
export { referenceFor } from "./compose/reference.ts";
export {
  parseMessageSetup,
  parseRecipient,
  SETUP_LIMITS,
  type SetupParseResult,
  type SetupProblem,
} from "./compose/setup.ts";
export { OFTEN_FEARED } from "./compose/wording.ts";
export {
  type LetterBatchResult,
  type PreviewFiles,
  type PreviewOptions,
  type PreviewResult,
  previewToFiles,
  writeLetterBatch,
} from "./files.ts";
export { type LetterBatchSummary, renderLetterBatch } from "./letter/batch.ts";
export {
  DEFAULT_LETTER_LAYOUT,
  type EnvelopeWindow,
  type LetterLayout,
  LetterTooLongError,
} from "./letter/layout.ts";
export { type LetterPdf, renderLetterPdf } from "./letter/letter.ts";
export {
  type LetterBatchesOptions,
  type LetterBatchesResult,
  renderLetterBatches,
} from "./letter/letter-batches.ts";
export { type BatchManifestRow, MANIFEST_COLUMNS, manifestHeader, manifestLine } from "./letter/manifest.ts";
export {
  type Addressee,
  type ComposedMessage,
  type DkimSettings,
  type Language,
  MESSAGE_KINDS,
  type MessageKind,
  type Organisation,
  type PostalAddress,
  type Recipient,
} from "./message.ts";
export { type RenderedPreview, type RenderPreviewOptions, renderPreview } from "./preview.ts";
export {
  SAMPLE_BREACH,
  SAMPLE_ORGANISATION,
  SAMPLE_RECIPIENTS,
  SAMPLE_TEXTS,
  sampleSetup,
} from "./sample.ts";
export {
  CHANNELS,
  type Channel,
  type CodeValue,
  type CompiledTemplate,
  type CompileOptions,
  compileTemplate,
  type ListValue,
  MissingValueError,
  type RenderContext,
  TEMPLATE_LIMITS,
  TemplateError,
  type TemplateValue,
  type TemplateValues,
} from "./template/template.ts";
export { cleanText, escapeHtml } from "./text.ts";
export { closePreviewWorkers, PREVIEW_LIMITS, renderPreviewInWorker } from "./workers/preview-worker.ts";
export {
  RenderBusyError,
  RenderResourceError,
  RenderTimeoutError,
  type ThreadLimits,
} from "./workers/threads.ts";
