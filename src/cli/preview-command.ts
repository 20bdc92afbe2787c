/**
 * `lekwijzer preview`: renders one message (e-mail .eml with its text and HTML parts, SMS, letter PDF, portal
 * HTML) for a sample or given victim into a folder, and prints where the files are and what the pre-send
 * checks found, so staff can open and read exactly what would go out.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseBreachFacts } from "../assess/index.ts";
import {
  findingLine,
  MESSAGE_KINDS,
  type MessageKind,
  type MessageSetup,
  parseMessageSetup,
  parseRecipient,
  previewToFiles,
  type Recipient,
  SAMPLE_RECIPIENTS,
  sampleSetup,
} from "../messages/index.ts";
import { type Io, invalidInput } from "./io.ts";

export interface PreviewCommandOptions {
  facts?: string;
  setup?: string;
  victim?: string;
  sample?: string;
  kind?: string;
  out: string;
}

async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw invalidInput([`--${what}: cannot read ${file}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput([`--${what}: ${file} is not valid JSON (${(error as Error).message})`]);
  }
}

/** Accepts bare breach facts or an example file that wraps them as `{ facts: … }`. */
async function loadSetup(options: PreviewCommandOptions): Promise<MessageSetup> {
  let setup = sampleSetup();
  if (options.setup) {
    const parsed = parseMessageSetup(await readJsonFile(options.setup, "setup"), setup);
    if (!parsed.ok) {
      throw invalidInput(parsed.problems.map((p) => `setup${p.path ? `.${p.path}` : ""}: ${p.message}`));
    }
    setup = parsed.value;
  }
  if (options.facts) {
    const raw = (await readJsonFile(options.facts, "facts")) as Record<string, unknown>;
    const parsed = parseBreachFacts("facts" in raw && "expected" in raw ? raw.facts : raw);
    if (!parsed.ok) throw invalidInput(parsed.problems.map((p) => `facts.${p.path}: ${p.message}`));
    setup.breach = parsed.value;
    setup.breachId = options.facts.replace(/^.*\//, "").replace(/\.json$/, "");
    if (!options.setup) {
      // The sample organisation's own texts, under the name of the example's controller.
      setup.organisation = {
        ...setup.organisation,
        name: parsed.value.controller?.name ?? setup.organisation.name,
      };
    }
  }
  return setup;
}

async function loadRecipient(options: PreviewCommandOptions): Promise<Recipient> {
  if (options.victim) {
    const parsed = parseRecipient(await readJsonFile(options.victim, "victim"));
    if (!parsed.ok) {
      throw invalidInput(parsed.problems.map((p) => `victim${p.path ? `.${p.path}` : ""}: ${p.message}`));
    }
    return parsed.value;
  }
  const index = options.sample === undefined ? 1 : Number(options.sample);
  const recipient = SAMPLE_RECIPIENTS[index - 1];
  if (!Number.isInteger(index) || !recipient) {
    throw invalidInput([
      `--sample: expected a number from 1 to ${SAMPLE_RECIPIENTS.length}, got "${options.sample}"`,
    ]);
  }
  return recipient;
}

export async function previewCommand(options: PreviewCommandOptions, io: Io): Promise<void> {
  const kind = (options.kind ?? "first-notice") as MessageKind;
  if (!MESSAGE_KINDS.includes(kind)) {
    throw invalidInput([`--kind: expected one of ${MESSAGE_KINDS.join(", ")}, got "${options.kind}"`]);
  }
  const setup = await loadSetup(options);
  const recipient = await loadRecipient(options);
  const result = await previewToFiles({ outDir: resolve(options.out), setup, recipient, kind });
  const lines = [
    `Preview of "${result.message.subject}" for ${recipient.id} (${kind}):`,
    `  e-mail   ${result.files.eml}`,
    `           ${result.files.txt}`,
    `           ${result.files.html}`,
    result.files.pdf
      ? `  letter   ${result.files.pdf} (${result.letterPages} page${result.letterPages === 1 ? "" : "s"})`
      : "  letter   not written: longer than the page limit (see the checks)",
    `  SMS      ${result.files.sms}`,
    `  portal   ${result.files.portal}`,
  ];
  // Whether the person can be reached by a channel is about the contact data, not the message: said apart.
  const content = result.findings.filter((f) => f.check !== "reach");
  const blocking = content.filter((f) => f.severity === "block");
  const warnings = content.filter((f) => f.severity === "warn");
  lines.push(
    `Checks: ${blocking.length} blocking, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}.`,
    `Can go out by: ${result.sendableBy.length > 0 ? result.sendableBy.join(", ") : "no channel"}.`,
  );
  for (const finding of result.findings) lines.push(`  ${findingLine(finding)}`);
  io.stdout(`${lines.join("\n")}\n`);
}
