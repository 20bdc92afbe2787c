/**
 * Preview: renders one message for a sample or given victim to files in a folder — the e-mail (.eml, its text
 * and HTML parts), the letter (.pdf), the portal section (.portal.html) and the SMS (.sms.txt) — plus the
 * findings of every check, so staff see exactly what would go out. Used by `lekwijzer preview` and the API.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ActionPlan } from "../assess/index.ts";
import { compileMessageSetup, composeMessage, type MessageSetup, planForRecipient } from "./assemble.ts";
import { type Finding, runChecks } from "./checks.ts";
import { type RenderedEmail, renderEmail } from "./email.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout, renderLetterPdf } from "./letter.ts";
import type { ComposedMessage, MessageKind, Recipient } from "./message.ts";
import { renderPortalHtml } from "./portal.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "./sample.ts";
import { generateVerificationCode } from "./verification-code.ts";

export interface PreviewOptions {
  /** Folder to write to (created when missing). */
  outDir: string;
  /** The campaign; default the sample telecom breach. */
  setup?: MessageSetup;
  /** The victim; default the first sample victim. */
  recipient?: Recipient;
  kind?: MessageKind;
  /** Default: `planFor` the breach and this victim. */
  plan?: ActionPlan;
  /** Default: a fresh code (a preview's code is not stored, so it never verifies). */
  verificationCode?: string;
  letterLayout?: LetterLayout;
  /** Date header of the e-mail; default now. */
  sentAt?: Date;
}

export interface PreviewFiles {
  eml: string;
  txt: string;
  html: string;
  pdf: string;
  portal: string;
  sms: string;
}

export interface PreviewResult {
  files: PreviewFiles;
  message: ComposedMessage;
  findings: Finding[];
  letterPages: number;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
}

export interface RenderedPreview {
  message: ComposedMessage;
  email: RenderedEmail;
  letter: { pdf: Buffer; pages: number };
  portal: string;
  sms: string;
  findings: Finding[];
}

/** Renders one message on every channel in memory and runs the pre-send checks on it. */
export async function renderPreview(options: Omit<PreviewOptions, "outDir"> = {}): Promise<RenderedPreview> {
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
  });
  const previewRecipient = recipient.email
    ? message
    : { ...message, recipient: { ...recipient, email: "preview@example.invalid" } };
  const email = renderEmail(previewRecipient, options.sentAt ? { date: options.sentAt } : {});
  const layout = options.letterLayout ?? DEFAULT_LETTER_LAYOUT;
  const letter = await renderLetterPdf(message, layout);
  const findings = runChecks([message], {
    email,
    letterPages: letter.pages,
    maxLetterPages: layout.maxPages,
  });
  return { message, email, letter, portal: renderPortalHtml(message), sms: message.sms, findings };
}

export async function previewToFiles(options: PreviewOptions): Promise<PreviewResult> {
  const rendered = await renderPreview(options);
  const { message, email, letter, portal } = rendered;
  const kind = options.kind ?? "first-notice";
  await mkdir(options.outDir, { recursive: true });
  const base = join(options.outDir, safeName(`${kind}-${message.recipient.id}`));
  const files: PreviewFiles = {
    eml: `${base}.eml`,
    txt: `${base}.txt`,
    html: `${base}.html`,
    pdf: `${base}.pdf`,
    portal: `${base}.portal.html`,
    sms: `${base}.sms.txt`,
  };
  await Promise.all([
    writeFile(files.eml, email.eml),
    writeFile(files.txt, email.text),
    writeFile(files.html, email.html),
    writeFile(files.pdf, letter.pdf),
    writeFile(files.portal, portal),
    writeFile(files.sms, `${message.sms}\n`),
  ]);
  return { files, message, findings: rendered.findings, letterPages: letter.pages };
}
