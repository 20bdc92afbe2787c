/**
 * The first step of a batch: read the due rows without claiming them, open their victims, choose each
 * person's channels, compose their message with its keyed identifiers (`identifiers.ts`: the same Message-ID
 * and reference on a resend), and then claim the rows and store identifiers and a keyed hash of the recipient
 * in one write, before anything leaves: a report that overtakes its own send finds its row, and each row is
 * written once to be taken rather than once to claim it and again to name its message.
 */
import type { SendChannel } from "../core/index.ts";
import {
  type CompiledMessageSetup,
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  type MessageSetup,
  messageIdOf,
  planForRecipient,
  type Recipient,
} from "../messages/index.ts";
import {
  type Campaign,
  type ClaimedDelivery,
  type ClaimItem,
  campaigns,
  deliveries,
  type PeekedDelivery,
  type Victim,
  type VictimChoice,
  victimChoices,
  victims,
} from "../store/index.ts";
import { campaignSetup } from "./campaigns.ts";
import { deliveryIdentifiers, recipientHash } from "./identifiers.ts";
import {
  applyDeliveryEvent,
  DEFAULT_RETRY_POLICY,
  type DeliveryRecord,
  usableChannels,
} from "./lifecycle.ts";
import type { BatchRecorder, HeldDelivery } from "./record-outcome.ts";
import type { SenderContext } from "./sender-context.ts";

/** A claimed row ready to go: its channel, composed message and identifiers, already stored. */
export interface Prepared extends HeldDelivery {
  channel: SendChannel;
  message: ComposedMessage;
  code: string;
  /** The address or number it goes to (e-mail and SMS). */
  to: string;
  messageId: string | null;
  reference: string;
  digest: string;
}

const CHANNEL_ORDER: readonly SendChannel[] = ["email", "sms", "letter"];

/** Rows composed before the event loop is let go once (see `takeBatch`). */
const ROWS_BETWEEN_YIELDS = 10;

/** Which rows a batch takes: a queue job's ids, or any due ones up to `limit`. */
export interface BatchSelection {
  ids?: readonly number[];
  limit?: number;
}

/**
 * Takes a batch: due rows are read, their messages prepared, and then claimed with their identifiers in one
 * statement. Returns the rows this worker now holds and will send, in id order; each claimed id is added to
 * `inHand`. A row that cannot be sent at all is claimed and recorded unreachable; a row another worker took
 * or that changed meanwhile is left alone (its message was composed for nothing, which is rare and harmless).
 */
export async function takeBatch(
  ctx: SenderContext,
  campaignId: string,
  selection: BatchSelection,
  recorder: BatchRecorder,
  inHand: Set<number>,
): Promise<{ claimed: number; items: Prepared[] }> {
  const due = await deliveries.peek(
    ctx.db,
    campaignId,
    selection.ids?.length ?? selection.limit ?? 200,
    selection.ids,
  );
  if (due.length === 0) return { claimed: 0, items: [] };
  const { ready, unreachable } = await prepareRows(ctx, campaignId, due);
  const held = await deliveries.claimPrepared(ctx.db, campaignId, ctx.worker, [
    ...ready.map(
      (item): ClaimItem => ({ id: item.claimed.id, version: item.version, identifiers: item.identifiers }),
    ),
    ...unreachable.map(({ row }): ClaimItem => ({ id: row.id, version: row.version })),
  ]);
  for (const id of held) inHand.add(id);
  for (const { row, reason } of unreachable) if (held.has(row.id)) await recorder.unreachable(row, reason);
  return { claimed: held.size, items: ready.filter((item) => held.has(item.claimed.id)) };
}

type ReadyRow = Prepared & { version: string; identifiers: NonNullable<ClaimItem["identifiers"]> };

/** Composes every peeked row's message (no writes): ready to claim, or to be ended as unreachable. */
async function prepareRows(
  ctx: SenderContext,
  campaignId: string,
  due: readonly PeekedDelivery[],
): Promise<{ ready: ReadyRow[]; unreachable: { row: PeekedDelivery; reason: string }[] }> {
  const { campaign, compiled } = await compiledFor(ctx, campaignId);
  const victimIds = due.map((row) => row.victimId);
  const opened = await victims.getMany(ctx.db, ctx.keys, victimIds);
  const byId = new Map(opened.map((v) => [v.id, v]));
  // What people chose on My plan: a confirmed new address, and letters first.
  const choices = await victimChoices.getMany(ctx.db, ctx.keys, victimIds);
  const ready: ReadyRow[] = [];
  const unreachable: { row: PeekedDelivery; reason: string }[] = [];
  for (const [i, row] of due.entries()) {
    // Composing is synchronous work: let the connections of batches already sending take their answers
    // between rows, so the SMTP pool does not stand idle while a whole batch is composed.
    if (i % ROWS_BETWEEN_YIELDS === ROWS_BETWEEN_YIELDS - 1)
      await new Promise((resolve) => setImmediate(resolve));
    const item = await prepareRow(
      ctx,
      campaign,
      compiled,
      row,
      byId.get(row.victimId),
      choices.get(row.victimId),
    );
    if ("unreachable" in item) unreachable.push({ row, reason: item.unreachable });
    else
      ready.push({
        ...item,
        version: row.version,
        identifiers: {
          channel: item.channel,
          channels: item.record.channels,
          messageId: item.messageId,
          reference: item.reference,
          recipientHash: recipientHash(ctx.keys, item.channel, item.to),
          verificationDigest: item.digest,
        },
      });
  }
  return { ready, unreachable };
}

/** One row: its channels (chosen once, on its first claim), its claim in the lifecycle, its message. */
async function prepareRow(
  ctx: SenderContext,
  campaign: Campaign,
  compiled: CompiledMessageSetup,
  row: ClaimedDelivery,
  victim: Victim | undefined,
  choice: VictimChoice | undefined,
): Promise<Prepared | { unreachable: string }> {
  if (!victim || victim.contactPurged) return { unreachable: "the victim's contact data is no longer kept" };
  const recipient = recipientOf(victim, choice);
  const plan = planForRecipient(compiled.setup.breach, recipient);
  let channels = row.channels as SendChannel[];
  if (channels.length === 0) {
    const optedOut =
      recipient.phone && ctx.smsOptedOut && campaign.kind === "update"
        ? await ctx.smsOptedOut(campaign.breachId, recipient.phone)
        : false;
    channels = reachableChannels(
      lettersFirst(plan.channels, choice),
      recipient,
      optedOut,
      availableChannels(ctx),
    );
    if (channels.length === 0) return { unreachable: "no usable channel for this person" };
  }
  const claimedRecord = applyDeliveryEvent(
    { ...recordOf(row, channels), state: "queued" },
    { type: "claim", now: Date.now() },
    ctx.policy ?? DEFAULT_RETRY_POLICY,
  );
  if (!claimedRecord.ok) return { unreachable: claimedRecord.error };
  const record = claimedRecord.delivery;
  const channel = channels[record.channelIndex] as SendChannel;
  const code = ctx.verificationCode(`${campaign.id}:${row.victimId}`);
  const ids = deliveryIdentifiers(ctx.keys, campaign.id, row.victimId);
  const message = composeMessage(compiled, {
    recipient,
    plan,
    kind: campaign.kind,
    verificationCode: code,
    messageKey: ids.messageKey,
    reference: ids.reference,
    // Printed beside the portal's address in a first notice; a person without a sealed code is told where to ask.
    ...(victim.personalCode ? { personalCode: victim.personalCode } : {}),
  });
  const representative = message.addressee.role === "representative" ? recipient.representative : undefined;
  const to =
    channel === "email"
      ? (representative?.email ?? recipient.email ?? "")
      : channel === "sms"
        ? (recipient.phone ?? "")
        : "";
  return {
    claimed: row,
    record,
    channel,
    message,
    code,
    to,
    messageId: channel === "email" ? messageIdOf(message) : null,
    reference: ids.reference,
    digest: ctx.verificationDigest(code),
  };
}

/** Only channels this installation can send by: a person is never queued for a channel with no provider. */
function availableChannels(ctx: SenderContext): ReadonlySet<SendChannel> {
  return new Set<SendChannel>([
    ...(ctx.email ? (["email"] as const) : []),
    ...(ctx.sms ? (["sms"] as const) : []),
    ...(ctx.letters ? (["letter"] as const) : []),
  ]);
}

/**
 * A person who asked for letters on My plan gets the letter channel first; the others keep their plan's
 * order behind it. Without a known address `usableChannels` drops the letter again, so nobody goes unreached.
 */
function lettersFirst(plan: readonly string[], choice: VictimChoice | undefined): readonly string[] {
  return choice?.prefersLetters ? ["letter", ...plan.filter((c) => c !== "letter")] : plan;
}

/** The victim as a recipient; a new address they confirmed on My plan replaces the file's. */
function recipientOf(victim: Victim, choice: VictimChoice | undefined): Recipient {
  const address = choice?.address ?? victim.address;
  return {
    id: victim.externalId,
    ...(victim.name ? { name: victim.name } : {}),
    ...(victim.email ? { email: victim.email } : {}),
    ...(victim.phone ? { phone: victim.phone } : {}),
    ...(address ? { address } : {}),
    language: victim.language,
    categories: victim.categories,
    flags: victim.flags,
    ...(victim.segment ? { segment: victim.segment } : {}),
  };
}

/** The channels this person can be reached by, in the order their plan prefers. */
function reachableChannels(
  plan: readonly string[],
  recipient: Recipient,
  optedOut: boolean,
  available: ReadonlySet<SendChannel>,
): SendChannel[] {
  const preferred = plan.filter((c): c is SendChannel => (CHANNEL_ORDER as readonly string[]).includes(c));
  // The plan's order comes first; channels it does not name follow, so a person we can reach only by a
  // channel the plan ranks low (a phone number, no address) is still reached rather than skipped.
  const order = [...preferred, ...CHANNEL_ORDER.filter((c) => !preferred.includes(c))];
  const representative = recipient.representative;
  return usableChannels(order, {
    email: available.has("email") && Boolean(recipient.email || representative?.email),
    sms: available.has("sms") && Boolean(recipient.phone?.startsWith("+")),
    letter: available.has("letter") && Boolean(recipient.address || representative?.address),
    smsOptedOut: optedOut,
  });
}

function recordOf(claimed: ClaimedDelivery, channels: readonly SendChannel[]): DeliveryRecord {
  return {
    state: "sending",
    channels,
    channelIndex: claimed.channelIndex,
    attempts: claimed.attempts,
    history: claimed.history as DeliveryRecord["history"],
  };
}

/**
 * The campaign's compiled setup, cached per worker. The campaign row is read again for every batch (one
 * lookup per batch): a voided or renewed approval (a profile or breach change) compiles again, so a worker
 * never keeps sending what was approved before.
 */
async function compiledFor(ctx: SenderContext, campaignId: string) {
  if (!ctx.compiled) ctx.compiled = new Map();
  const cache = ctx.compiled;
  const campaign = await campaigns.getAcrossOrganisations(ctx.db, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  const hit = cache.get(campaignId);
  if (hit && JSON.stringify(hit.campaign.approval) === JSON.stringify(campaign.approval)) return hit;
  const setup: MessageSetup = await campaignSetup(ctx, campaign);
  const entry = { campaign, compiled: compileMessageSetup(setup) };
  if (cache.size > 50) cache.clear();
  cache.set(campaignId, entry);
  return entry;
}
