/** The plain-language check: the framework's B1 checker over every section, the summary and the SMS. */
import { checkPlainLanguage } from "../../framework/index.ts";
import { type Section, sectionText } from "../blocks.ts";
import type { ComposedMessage } from "../message.ts";
import type { Finding } from "./findings.ts";
import { plainLanguageSource } from "./source.ts";

/** B1 per section: `block` when the framework's checker blocks, its warnings passed on. */
export function checkPlainLanguageOfMessage(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const parts: { section: string; text: string; source?: Section["source"] }[] = [
    { section: "summary", text: message.summary },
    ...message.sections.map((s) => ({
      section: s.id,
      text: sectionText(s),
      ...(s.source ? { source: s.source } : {}),
    })),
    { section: "sms", text: message.sms },
  ];
  for (const part of parts) {
    const report = checkPlainLanguage(part.text, { language: message.language });
    for (const f of report.findings) {
      findings.push({
        check: "plain-language",
        severity: f.severity,
        section: part.section,
        variant: message.id,
        message: `${f.message} — "${truncate(f.excerpt, 120)}"`,
        suggestion: f.suggestion,
        source: plainLanguageSource(message, part.source, part.text, f),
      });
    }
  }
  return findings;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
