/**
 * One interface for every channel: a renderer turns a composed, channel-free message into that channel's
 * artefact — pure, synchronous, no file or network I/O — and refuses output beyond the channel's size limit.
 * Delivery hands the artefact to a provider adapter; the preview shows all four side by side.
 */

import { DEFAULT_LETTER_LAYOUT, type LetterLayout } from "../letter/layout.ts";
import { type LetterPdf, renderLetterPdf } from "../letter/letter.ts";
import type { ComposedMessage } from "../message.ts";
import type { Channel } from "./channel.ts";
import { type EmailOptions, type RenderedEmail, renderEmail, renderEmailAsync } from "./email.ts";
import { renderPortalHtml } from "./portal.ts";
import { type SmsLength, smsLength } from "./sms.ts";

export interface ChannelRenderer<A, O = undefined> {
  readonly channel: Channel;
  render(message: ComposedMessage, options?: O): A;
}

/**
 * Hard caps on rendered output. They sit well above what the pre-send checks already block (HTML over 100 kB,
 * an SMS over 3 parts, a letter over its page limit), so they only stop output that should never exist.
 */
export const OUTPUT_LIMITS = {
  /** The complete e-mail source (text and HTML parts, encoded). */
  emailBytes: 600_000,
  /** SMS characters (10 parts of GSM-7). */
  smsChars: 1_530,
  portalBytes: 300_000,
} as const;

export class OutputTooLargeError extends Error {
  readonly channel: Channel;
  readonly size: number;
  readonly limit: number;
  constructor(channel: Channel, size: number, limit: number, unit: string) {
    super(
      `the ${channel} rendering of this message is ${size.toLocaleString("en")} ${unit}; at most ${limit.toLocaleString("en")}`,
    );
    this.name = "OutputTooLargeError";
    this.channel = channel;
    this.size = size;
    this.limit = limit;
  }
}

function capped(channel: Channel, size: number, limit: number, unit: string): void {
  if (size > limit) throw new OutputTooLargeError(channel, size, limit, unit);
}

export const emailRenderer: ChannelRenderer<RenderedEmail, EmailOptions> & {
  /** The same e-mail, its DKIM signature made in the thread pool: what a sending worker uses. */
  renderAsync(message: ComposedMessage, options?: EmailOptions): Promise<RenderedEmail>;
} = {
  channel: "email",
  render(message, options = {}) {
    const email = renderEmail(message, options);
    capped("email", Buffer.byteLength(email.eml), OUTPUT_LIMITS.emailBytes, "bytes");
    return email;
  },
  async renderAsync(message, options = {}) {
    const email = await renderEmailAsync(message, options);
    capped("email", Buffer.byteLength(email.eml), OUTPUT_LIMITS.emailBytes, "bytes");
    return email;
  },
};

export interface RenderedSms extends SmsLength {
  text: string;
}

export const smsRenderer: ChannelRenderer<RenderedSms> = {
  channel: "sms",
  render(message) {
    capped("sms", message.sms.length, OUTPUT_LIMITS.smsChars, "characters");
    return { text: message.sms, ...smsLength(message.sms) };
  },
};

/** Throws `LetterTooLongError` as soon as the letter passes the layout's page limit. */
export const letterRenderer: ChannelRenderer<LetterPdf, LetterLayout> = {
  channel: "letter",
  render(message, layout = DEFAULT_LETTER_LAYOUT) {
    return renderLetterPdf(message, layout);
  },
};

export const portalRenderer: ChannelRenderer<string> = {
  channel: "portal",
  render(message) {
    const html = renderPortalHtml(message);
    capped("portal", Buffer.byteLength(html), OUTPUT_LIMITS.portalBytes, "bytes");
    return html;
  },
};

export const RENDERERS = {
  email: emailRenderer,
  sms: smsRenderer,
  letter: letterRenderer,
  portal: portalRenderer,
} as const satisfies Record<Channel, ChannelRenderer<unknown, never>>;
