/**
 * E-mail's way out: render the message as the exact bytes that go on the wire, wait for the receiving
 * domain group's slot (its concurrency, rate and back-off), pass the shared e-mail rate, hand it to the relay.
 * The domain's slot is released whatever happens, and a recipient's deferral is counted per domain group.
 */
import { emailRenderer } from "../messages/index.ts";
import { deliveries } from "../store/index.ts";
import {
  type ChannelSender,
  InfrastructureError,
  type MessageAnswer,
  renderOrRejectAsync,
  sendEach,
} from "./dispatch.ts";
import type { Prepared } from "./prepare.ts";
import type { Receipt } from "./providers.ts";
import type { DomainGate, SenderContext } from "./sender-context.ts";
import { passSharedRate } from "./shared-rate.ts";
import { sleep } from "./wait.ts";

/** Waits for a receiving domain's slot up to this long in the worker; longer ones go back to the queue. */
const DOMAIN_WAIT_MS = 5_000;

export function emailChannel(ctx: SenderContext): ChannelSender {
  return {
    channel: "email",
    handover: "each",
    async send(items, run) {
      for (const item of items) await sendEach(ctx, item, run, () => sendEmail(ctx, run.campaignId, item));
    },
  };
}

async function sendEmail(ctx: SenderContext, campaignId: string, item: Prepared): Promise<MessageAnswer> {
  if (!ctx.email) throw new InfrastructureError("no e-mail relay is configured");
  const rendered = await renderOrRejectAsync(() => emailRenderer.renderAsync(item.message));
  if ("receipt" in rendered) return rendered;
  const domains = ctx.domains;
  let group: string | undefined;
  let receipt: Receipt | undefined;
  try {
    if (domains) {
      const slot = await domainSlot(domains, item.to);
      if (!slot.ok) return { waitUntil: new Date(slot.retryAt) };
      group = slot.group;
    }
    await passSharedRate(ctx, "email");
    receipt = await ctx.email.send({
      raw: rendered.eml,
      envelope: { from: ctx.bounceAddress ?? item.message.organisation.senderEmail, to: item.to },
      messageId: rendered.messageId,
    });
    if (receipt.outcome === "deferred" && !receipt.infrastructure) {
      await deliveries.recordDeferral(ctx.db, campaignId, group ?? "-");
    }
    return { from: "provider", receipt };
  } finally {
    // Released whatever happened, or the domain's slot leaks and the batch waits for it forever. A sent
    // message's report changes nothing the next send must see first, so the connection goes on meanwhile
    // (reports go together; releaseDomain never throws); a deferral's is waited for, as it may back off.
    if (domains && group !== undefined) {
      const released = releaseDomain(domains, group, receipt);
      if (receipt?.outcome !== "sent") await released;
    }
  }
}

/**
 * A short wait (the domain's concurrency or rate) is waited out here; a long one (a back-off after deferrals)
 * is answered as is, and the row goes back to the queue without using an attempt, so others go on meanwhile.
 */
async function domainSlot(domains: DomainGate, recipient: string) {
  let slot = await domains.tryAcquire(recipient);
  while (!slot.ok && slot.retryAt - Date.now() <= DOMAIN_WAIT_MS) {
    await sleep(Math.max(5, slot.retryAt - Date.now()));
    slot = await domains.tryAcquire(recipient);
  }
  return slot;
}

async function releaseDomain(
  domains: DomainGate,
  group: string,
  receipt: Receipt | undefined,
): Promise<void> {
  try {
    if (receipt?.outcome === "sent") await domains.release(group, "sent");
    else if (receipt?.outcome === "deferred" && !receipt.infrastructure) {
      await domains.release(group, "deferred", receipt.retryAfterMs);
    }
    // A rejection, or no answer from the recipient's side at all: frees the slot without slowing the domain.
    else await domains.release(group, "rejected");
  } catch {
    // The shared slot's lease runs out by itself; the outcome is what must be recorded.
  }
}
