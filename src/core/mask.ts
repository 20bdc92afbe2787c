/**
 * One masker for the free text the platform writes down that may quote a person back: log lines, error
 * stacks, provider replies and bounce texts stored with a delivery, render errors. E-mail addresses become
 * `[email]` and phone-like runs of digits (8 to 15, with single spaces or dashes between them, optionally
 * after + or 00) become `[phone]`; what a provider says about the failure stays readable.
 */

const EMAIL_PATTERN = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+\.[A-Za-z]{2,}/g;
// International or Dutch-looking phone numbers: 8 or more digits with optional single separators.
const PHONE_PATTERN = /(?:\+|00)?\d(?:[\s-]?\d){7,14}/g;

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL_PATTERN, "[email]").replace(PHONE_PATTERN, "[phone]");
}
