/** SMS's way out: render the text, pass the shared SMS rate, hand it to the gateway with the delivery's reference. */
import { smsRenderer } from "../messages/index.ts";
import {
  type ChannelSender,
  InfrastructureError,
  type MessageAnswer,
  renderOrReject,
  sendEach,
} from "./dispatch.ts";
import type { Prepared } from "./prepare.ts";
import type { SenderContext } from "./sender-context.ts";
import { passSharedRate } from "./shared-rate.ts";

export function smsChannel(ctx: SenderContext): ChannelSender {
  return {
    channel: "sms",
    handover: "each",
    async send(items, run) {
      for (const item of items) await sendEach(ctx, item, run, () => sendSms(ctx, item));
    },
  };
}

async function sendSms(ctx: SenderContext, item: Prepared): Promise<MessageAnswer> {
  if (!ctx.sms) throw new InfrastructureError("no SMS gateway is configured");
  const rendered = renderOrReject(() => smsRenderer.render(item.message));
  if ("receipt" in rendered) return rendered;
  await passSharedRate(ctx, "sms");
  const receipt = await ctx.sms.send({ to: item.to, text: rendered.text, reference: item.reference });
  return { from: "provider", receipt };
}
