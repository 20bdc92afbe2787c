/**
 * messages: personal notifications to victims of a breach. Owns the template language staff write in, the
 * assembly of a notice from the framework's required elements and the victim's action plan, the renderers
 * (e-mail as RFC 5322 with text and HTML, SMS, letter PDF with print batches, portal HTML), the checks that
 * must pass before sending (completeness, B1, anti-phishing, length) and per-message verification codes.
 * See README.md for the template syntax and the letter layout. Other parts import only this file.
 */
export {
  addresseeFor,
  allowedPlaceholders,
  type BilingualText,
  type CompiledMessageSetup,
  type ComposeInput,
  compileMessageSetup,
  composeMessage,
  DEFAULT_LAYOUT,
  EXTRA_PLACEHOLDERS,
  type MessageSetup,
  type OrganisationTexts,
  planForRecipient,
  postalLines,
  referenceFor,
  requiredElements,
} from "./assemble.ts";
export type { Block, ListItem, Section } from "./blocks.ts";
export {
  blockingFindings,
  type CheckName,
  canSend,
  checkAntiPhishing,
  checkCompleteness,
  checkLengths,
  checkPlainLanguageOfMessage,
  type EmailArtefacts,
  type Finding,
  LENGTH_LIMITS,
  type RenderedArtefacts,
  type RequiredElement,
  runChecks,
} from "./checks.ts";
export {
  type EmailOptions,
  messageIdOf,
  type RenderedEmail,
  renderEmail,
  renderEmailHtml,
  renderEmailText,
} from "./email.ts";
export {
  type BatchManifestRow,
  DEFAULT_LETTER_LAYOUT,
  type EnvelopeWindow,
  type LetterBatchResult,
  type LetterLayout,
  LetterTooLongError,
  MANIFEST_COLUMNS,
  renderLetterPdf,
  toWinAnsi,
  writeLetterBatch,
} from "./letter.ts";
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
export { buildMime, deterministicMessageId, type MailAddress, type MimeInput } from "./mime.ts";
export { renderPortalHtml, renderPortalSection } from "./portal.ts";
export {
  type PreviewFiles,
  type PreviewOptions,
  type PreviewResult,
  previewToFiles,
  type RenderedPreview,
  renderPreview,
} from "./preview.ts";
export {
  SAMPLE_BREACH,
  SAMPLE_ORGANISATION,
  SAMPLE_RECIPIENTS,
  SAMPLE_TEXTS,
  sampleSetup,
} from "./sample.ts";
export {
  isGsm7,
  SMS_MAX_SEGMENTS,
  type SmsEncoding,
  type SmsLength,
  smsLength,
  toGsmFriendly,
} from "./sms.ts";
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
  TemplateError,
  type TemplateValue,
  type TemplateValues,
} from "./template.ts";
export { cleanText, escapeHtml } from "./text.ts";
export {
  CODE_ALPHABET,
  CODE_BITS,
  type CodeInput,
  generateVerificationCode,
  normaliseVerificationCode,
  verificationCodeDigest,
} from "./verification-code.ts";
