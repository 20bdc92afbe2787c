/** The reach check: whether the person (or whoever acts for them) can be reached by each channel at all. */
import { CHANNELS, type Channel } from "../channels/channel.ts";
import type { ComposedMessage } from "../message.ts";
import type { Finding } from "./findings.ts";

/** Whether the person (or whoever acts for them) can be reached by each channel at all. */
export function checkReach(message: ComposedMessage, channels: readonly Channel[] = CHANNELS): Finding[] {
  const { recipient, addressee } = message;
  const viaRepresentative = addressee.role === "representative" ? recipient.representative : undefined;
  const findings: Finding[] = [];
  const missing = (channel: Channel, text: string, suggestion: string) =>
    findings.push({
      check: "reach",
      severity: "block",
      channel,
      variant: message.id,
      message: text,
      suggestion,
    });
  for (const channel of channels) {
    if (channel === "email" && !(viaRepresentative?.email ?? recipient.email)?.trim()) {
      missing(
        "email",
        "There is no e-mail address, so the e-mail cannot be sent.",
        "Send it by another channel.",
      );
    }
    if (channel === "sms" && !recipient.phone?.trim()) {
      missing("sms", "There is no mobile number, so the SMS cannot be sent.", "Send it by another channel.");
    }
    if (channel === "letter" && !(viaRepresentative?.address ?? recipient.address)) {
      missing(
        "letter",
        "There is no postal address, so the letter cannot be sent.",
        "Send it by another channel, or add the address to the victim file.",
      );
    }
  }
  return findings;
}
