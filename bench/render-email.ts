/**
 * Benchmark: personal e-mails (plain text + HTML) rendered per second on one core — composing the message from
 * the compiled templates and the victim's plan, then rendering both parts. Plans and codes are prepared before
 * timing (they are not rendering). `baseline` renders the same content with bare template literals (no
 * template language, no escaping, no conditions) in the same run; `ratio` = rate / baseline.
 *
 * Run alone: node --experimental-strip-types bench/render-email.ts   (BENCH_SECONDS=… to change the duration)
 */

import { renderEmailHtml, renderEmailText } from "../src/messages/channels/email.ts";
import { generateVerificationCode } from "../src/messages/codes.ts";
import {
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  planForRecipient,
  type Recipient,
  SAMPLE_RECIPIENTS,
  sampleSetup,
} from "../src/messages/index.ts";
import { measure } from "./_measure.ts";
import type { BenchResult } from "./run.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const VICTIMS = 1000;

function baselineRender(m: ComposedMessage): number {
  // The same content as one pre-flattened template literal per part: what a hand-written notice would cost.
  const s = m.sections;
  const text = `${m.organisation.name}\n\n${m.subject}\n\n${m.addressee.salutation}\n\n${m.summary}\n\n${s
    .map(
      (x) =>
        `${x.heading}\n${x.blocks.map((b) => (b.kind === "list" ? b.items.map((i) => `- ${i.title ?? ""} ${i.text}`).join("\n") : b.text)).join("\n\n")}`,
    )
    .join("\n\n")}\n\n${m.verificationCode}\n`;
  const html = `<!DOCTYPE html><html lang="${m.language}"><head><title>${m.subject}</title></head><body><h1>${m.subject}</h1><p>${m.addressee.salutation}</p><p>${m.summary}</p>${s
    .map(
      (x) =>
        `<section><h2>${x.heading}</h2>${x.blocks.map((b) => (b.kind === "list" ? `<ul>${b.items.map((i) => `<li><strong>${i.title ?? ""}</strong> ${i.text}</li>`).join("")}</ul>` : `<p>${b.text}</p>`)).join("")}</section>`,
    )
    .join("")}<p>${m.verificationCode}</p></body></html>`;
  return text.length + html.length;
}

export async function run(): Promise<BenchResult> {
  const setup = sampleSetup();
  const compiled = compileMessageSetup(setup);
  const inputs = Array.from({ length: VICTIMS }, (_, i) => {
    const template = SAMPLE_RECIPIENTS[i % SAMPLE_RECIPIENTS.length] as Recipient;
    const recipient: Recipient = { ...template, id: `bench-${i}`, name: `${template.name ?? "Klant"} ${i}` };
    return {
      recipient,
      plan: planForRecipient(setup.breach, recipient),
      kind: "first-notice" as const,
      verificationCode: generateVerificationCode(),
      // Every imported person has one; the first notice prints it (same format as a verification code).
      personalCode: generateVerificationCode(),
      // A campaign passes each delivery's reference (made from keyed identifiers before composing), as here.
      reference: `LW-BENCH-${String(i).padStart(6, "0")}`,
    };
  });

  const rate = measure(
    (i) => {
      const message = composeMessage(compiled, inputs[i % VICTIMS] as (typeof inputs)[number]);
      return renderEmailText(message).length + renderEmailHtml(message).length;
    },
    SECONDS,
    100,
  );

  // The baseline gets the composed messages for free, so it measures string building alone.
  const composed = inputs.map((input) => composeMessage(compiled, input));
  const baseline = measure((i) => baselineRender(composed[i % VICTIMS] as ComposedMessage), SECONDS, 100);

  return {
    bench: "render-email",
    rate: Math.round(rate),
    unit: "e-mails/s (text+HTML, 1 core)",
    baseline: Math.round(baseline),
    ratio: Number((rate / baseline).toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (import.meta.main) console.log(JSON.stringify(await run()));
