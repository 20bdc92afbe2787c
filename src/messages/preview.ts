/**
 * Preview: one message for a sample or given victim, rendered on every channel in memory — the e-mail, the
 * letter PDF, the portal HTML and the SMS — with the findings of every pre-send check, so staff see exactly
 * what would go out. Pure and synchronous; `renderPreviewInWorker` (workers/preview-worker.ts) runs it off the event
 * loop with a time limit, `previewToFiles` (files.ts) writes it to a folder.
 */
import type { ActionPlan } from "../assess/index.ts";
import { CHANNELS, type Channel } from "./channels/channel.ts";
import type { RenderedEmail } from "./channels/email.ts";
import {
  emailRenderer,
  letterRenderer,
  portalRenderer,
  type RenderedSms,
  smsRenderer,
} from "./channels/renderers.ts";
import { runChecks } from "./checks/checks.ts";
import { type Finding, sendableChannels } from "./checks/findings.ts";
import { generatePersonalCode, generateVerificationCode } from "./codes.ts";
import { compileMessageSetup, type MessageSetup } from "./compose/campaign.ts";
import { composeMessage, planForRecipient } from "./compose/compose.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout, LetterTooLongError } from "./letter/layout.ts";
import type { LetterPdf } from "./letter/letter.ts";
import type { ComposedMessage, MessageKind, Recipient } from "./message.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "./sample.ts";

export interface RenderPreviewOptions {
  /** The campaign; default the sample telecom breach. */
  setup?: MessageSetup;
  /** The victim; default the first sample victim. */
  recipient?: Recipient;
  kind?: MessageKind;
  /** Default: `planFor` the breach and this victim. */
  plan?: ActionPlan;
  /** Default: a fresh code (a preview's code is not stored, so it never verifies). */
  verificationCode?: string;
  /**
   * The person's personal code; default a fresh one, as the store keeps for every imported person. `null`
   * shows the notice as sent to someone whose code is not kept (it says where to ask for one).
   */
  personalCode?: string | null;
  letterLayout?: LetterLayout;
  /** Date header of the e-mail; default now. */
  sentAt?: Date;
}

export interface RenderedPreview {
  message: ComposedMessage;
  email: RenderedEmail;
  /** Absent when the letter passed its page limit (a blocking finding says so). */
  letter: LetterPdf | undefined;
  portal: string;
  sms: RenderedSms;
  findings: Finding[];
  /** The channels the message may go out by for this person: reachable, and nothing blocks there. */
  sendableBy: Channel[];
}

/** Renders one message on every channel in memory and runs the pre-send checks on it. */
export function renderPreview(options: RenderPreviewOptions = {}): RenderedPreview {
  const setup = options.setup ?? sampleSetup();
  const recipient = options.recipient ?? SAMPLE_RECIPIENTS[0];
  if (!recipient) throw new Error("no recipient to preview");
  const kind = options.kind ?? "first-notice";
  const plan = options.plan ?? planForRecipient(setup.breach, recipient);
  const compiled = compileMessageSetup(setup);
  const message = composeMessage(compiled, {
    recipient,
    plan,
    kind,
    verificationCode: options.verificationCode ?? generateVerificationCode(),
    ...(options.personalCode === null
      ? {}
      : { personalCode: options.personalCode ?? generatePersonalCode() }),
  });
  // Every channel is shown, also those the person cannot be reached by (the reach check says so).
  const shown: ComposedMessage = {
    ...message,
    recipient: { ...recipient, email: recipient.email ?? "preview@example.invalid" },
  };
  const email = emailRenderer.render(shown, options.sentAt ? { date: options.sentAt } : {});
  const layout = options.letterLayout ?? DEFAULT_LETTER_LAYOUT;
  let letter: LetterPdf | undefined;
  const tooLong: Finding[] = [];
  try {
    letter = letterRenderer.render(message, layout);
  } catch (error) {
    if (!(error instanceof LetterTooLongError)) throw error;
    tooLong.push({
      check: "length",
      severity: "block",
      channel: "letter",
      variant: message.id,
      message: `The letter has more than ${error.max} pages; the print provider takes at most ${error.max}.`,
      suggestion: "Shorten the organisation's texts or leave out optional elements.",
    });
  }
  const findings = [
    ...runChecks(
      [message],
      { email, ...(letter ? { letterPages: letter.pages } : {}), maxLetterPages: layout.maxPages },
      { reach: CHANNELS },
    ),
    ...tooLong,
  ];
  return {
    message,
    email,
    letter,
    portal: portalRenderer.render(message),
    sms: smsRenderer.render(message),
    findings,
    sendableBy: sendableChannels(findings),
  };
}
