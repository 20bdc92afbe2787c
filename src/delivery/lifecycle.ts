/**
 * The rules of a campaign's life and of each delivery in it, as pure functions: who may move a campaign
 * to which state, and what a provider's answer means for one victim's delivery (retry later, fall back to
 * the next channel, or give up). The store records the results and the audit log; nothing here does I/O,
 * so every rule is unit- and property-tested.
 */
import type { SendChannel } from "../core/index.ts";
import type { Receipt } from "./providers.ts";

export const CAMPAIGN_STATES = [
  "draft",
  "checked",
  "approved",
  "running",
  "paused",
  "cancelled",
  "done",
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export const FINAL_CAMPAIGN_STATES: ReadonlySet<CampaignState> = new Set(["cancelled", "done"]);

export interface CampaignRecord {
  state: CampaignState;
  /** Who created it (a staff member or an API key id). */
  createdBy: string;
  approvedBy?: string;
}

export type CampaignAction =
  | { type: "check"; actor: string; blockingFindings: number }
  | { type: "edit"; actor: string }
  | { type: "approve"; actor: string }
  | { type: "start"; actor: string }
  | { type: "pause"; actor: string }
  | { type: "resume"; actor: string }
  | { type: "cancel"; actor: string }
  | { type: "finish"; actor: string }
  /** A late bounce or returned letter moved someone to their next channel after the last row was sent. */
  | { type: "reopen"; actor: string };

export type CampaignErrorCode = "not-allowed-in-state" | "approver-is-creator" | "checks-block" | "final";

export interface CampaignError {
  code: CampaignErrorCode;
  message: string;
}

export type CampaignTransition = { ok: true; campaign: CampaignRecord } | { ok: false; error: CampaignError };

const FROM: Record<CampaignAction["type"], readonly CampaignState[]> = {
  check: ["draft", "checked"],
  // An edit invalidates the checks and the approval: both must happen again.
  edit: ["draft", "checked", "approved"],
  approve: ["checked"],
  start: ["approved"],
  pause: ["running"],
  resume: ["paused"],
  cancel: ["draft", "checked", "approved", "running", "paused"],
  finish: ["running"],
  reopen: ["done"],
};

function refuse(code: CampaignErrorCode, message: string): CampaignTransition {
  return { ok: false, error: { code, message } };
}

export function transitionCampaign(campaign: CampaignRecord, action: CampaignAction): CampaignTransition {
  // Done means every person has an outcome for now; a fallback that arrives weeks later still has to go out.
  const reopening = action.type === "reopen" && campaign.state === "done";
  if (FINAL_CAMPAIGN_STATES.has(campaign.state) && !reopening) {
    return refuse("final", `the campaign is ${campaign.state}; nothing can change it any more`);
  }
  if (!FROM[action.type].includes(campaign.state)) {
    return refuse(
      "not-allowed-in-state",
      `cannot ${action.type} a campaign that is ${campaign.state} (only when ${FROM[action.type].join(" or ")})`,
    );
  }
  const next = (state: CampaignState, extra: Partial<CampaignRecord> = {}): CampaignTransition => {
    const { approvedBy: _dropped, ...rest } = campaign;
    const keepApproval = state !== "draft" && state !== "checked";
    return {
      ok: true,
      campaign: {
        ...rest,
        ...(keepApproval && campaign.approvedBy ? { approvedBy: campaign.approvedBy } : {}),
        state,
        ...extra,
      },
    };
  };
  switch (action.type) {
    case "check":
      if (action.blockingFindings > 0) {
        return refuse(
          "checks-block",
          `${action.blockingFindings} pre-send check(s) block sending; fix them and check again`,
        );
      }
      return next("checked");
    case "edit":
      return next("draft");
    case "approve":
      if (action.actor === campaign.createdBy) {
        return refuse("approver-is-creator", "a campaign must be approved by someone other than its creator");
      }
      return next("approved", { approvedBy: action.actor });
    case "start":
    case "resume":
      return next("running");
    case "pause":
      return next("paused");
    case "cancel":
      return next("cancelled");
    case "finish":
      return next("done");
    case "reopen":
      return next("running");
  }
}

export const DELIVERY_STATES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "bounced",
  "failed",
  "unreachable",
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/**
 * `unreachable`: every channel this person had was tried and failed — the end that must be counted and
 * reported (the organisation then needs another way: a public notice, an intermediary). `failed` is kept for a
 * message set aside by the platform itself (it crashed its worker again and again).
 */
export const FINAL_DELIVERY_STATES: ReadonlySet<DeliveryState> = new Set([
  "delivered",
  "bounced",
  "failed",
  "unreachable",
]);

export interface ChannelAttempt {
  channel: SendChannel;
  outcome: "rejected" | "bounced" | "gave-up";
  reason: string;
}

export interface DeliveryRecord {
  state: DeliveryState;
  /** The victim's usable channels in order of preference; `channelIndex` points at the current one. */
  channels: readonly SendChannel[];
  channelIndex: number;
  /** Attempts on the current channel. */
  attempts: number;
  /** Not to be claimed before this time (ms since the epoch). */
  notBefore?: number;
  providerId?: string;
  lastError?: string;
  /** Channels tried before the current one, and why they failed. */
  history: readonly ChannelAttempt[];
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 3600_000,
};

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so retries spread out
 * instead of hitting a recovering provider together, yet never come sooner than half the nominal delay.
 * `random` ∈ [0, 1).
 */
/** A row whose provider is down waits at least this long before it is claimed again. */
export const INFRASTRUCTURE_RETRY_MS = 30_000;

export function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (nominal / 2) * Math.min(Math.max(random, 0), 1));
}

export function newDelivery(channels: readonly SendChannel[]): DeliveryRecord {
  if (channels.length === 0) throw new Error("a delivery needs at least one usable channel");
  return { state: "queued", channels, channelIndex: 0, attempts: 0, history: [] };
}

export function currentChannel(delivery: DeliveryRecord): SendChannel {
  const channel = delivery.channels[delivery.channelIndex];
  if (!channel) throw new Error(`delivery has no channel at index ${delivery.channelIndex}`);
  return channel;
}

export type DeliveryEvent =
  | { type: "claim"; now: number }
  | { type: "receipt"; receipt: Receipt; now: number; random: number }
  /**
   * A worker died while sending: the claim is given back, and its attempt with it, as the store does (a claim's
   * attempt is written only with its outcome; the store counts lost claims apart and sets aside a row that
   * stopped its worker too often). The message may have gone out; it keeps its Message-ID.
   */
  | { type: "requeue"; now: number }
  | { type: "delivered"; now: number }
  | { type: "bounced"; reason: string; now: number };

export type DeliveryEffect =
  | { kind: "none" }
  | { kind: "retry"; at: number }
  | { kind: "fallback"; from: SendChannel; to: SendChannel }
  | { kind: "exhausted" };

export type DeliveryTransition =
  | { ok: true; delivery: DeliveryRecord; effect: DeliveryEffect }
  | { ok: false; error: string };

function moveOn(
  delivery: DeliveryRecord,
  outcome: ChannelAttempt["outcome"],
  reason: string,
): DeliveryTransition {
  const from = currentChannel(delivery);
  const history = [...delivery.history, { channel: from, outcome, reason }];
  const nextIndex = delivery.channelIndex + 1;
  const to = delivery.channels[nextIndex];
  const { notBefore: _n, providerId: _p, ...rest } = delivery;
  if (to === undefined) {
    return {
      ok: true,
      delivery: { ...rest, state: "unreachable", lastError: reason, history },
      effect: { kind: "exhausted" },
    };
  }
  return {
    ok: true,
    delivery: { ...rest, state: "queued", channelIndex: nextIndex, attempts: 0, lastError: reason, history },
    effect: { kind: "fallback", from, to },
  };
}

export function applyDeliveryEvent(
  delivery: DeliveryRecord,
  event: DeliveryEvent,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): DeliveryTransition {
  const wrong = (expected: DeliveryState) => ({
    ok: false as const,
    error: `${event.type} needs a delivery that is ${expected}, this one is ${delivery.state}`,
  });
  switch (event.type) {
    case "claim":
      if (delivery.state !== "queued") return wrong("queued");
      if (delivery.notBefore !== undefined && event.now < delivery.notBefore) {
        return { ok: false, error: `not due before ${new Date(delivery.notBefore).toISOString()}` };
      }
      return {
        ok: true,
        delivery: { ...delivery, state: "sending", attempts: delivery.attempts + 1 },
        effect: { kind: "none" },
      };
    case "requeue":
      if (delivery.state !== "sending") return wrong("sending");
      return {
        ok: true,
        delivery: { ...delivery, state: "queued", attempts: Math.max(0, delivery.attempts - 1) },
        effect: { kind: "none" },
      };
    case "delivered":
      if (delivery.state !== "sent") return wrong("sent");
      return { ok: true, delivery: { ...delivery, state: "delivered" }, effect: { kind: "none" } };
    case "bounced":
      if (delivery.state !== "sent") return wrong("sent");
      return moveOn(delivery, "bounced", event.reason);
    case "receipt": {
      if (delivery.state !== "sending") return wrong("sending");
      const { receipt } = event;
      if (receipt.outcome === "sent") {
        const { notBefore: _n, lastError: _e, ...rest } = delivery;
        return {
          ok: true,
          delivery: { ...rest, state: "sent", providerId: receipt.providerId },
          effect: { kind: "none" },
        };
      }
      if (receipt.outcome === "rejected") return moveOn(delivery, "rejected", receipt.reason);
      // Our own infrastructure failing (relay down, gateway refusing our credentials) is never the person's
      // fault: no attempt is used and no one is moved to another channel; the row waits for the provider.
      if (receipt.infrastructure) {
        const at = event.now + Math.max(receipt.retryAfterMs ?? 0, INFRASTRUCTURE_RETRY_MS);
        return {
          ok: true,
          delivery: {
            ...delivery,
            state: "queued",
            attempts: delivery.attempts - 1,
            notBefore: at,
            lastError: receipt.reason,
          },
          effect: { kind: "retry", at },
        };
      }
      if (delivery.attempts >= policy.maxAttempts) {
        return moveOn(delivery, "gave-up", `${delivery.attempts} attempts: ${receipt.reason}`);
      }
      const delay = Math.max(
        backoffDelay(delivery.attempts, policy, event.random),
        receipt.retryAfterMs ?? 0,
      );
      const at = event.now + delay;
      return {
        ok: true,
        delivery: { ...delivery, state: "queued", notBefore: at, lastError: receipt.reason },
        effect: { kind: "retry", at },
      };
    }
  }
}

/**
 * The channels a victim can be reached by for one campaign: the plan's order, without channels the victim
 * has no contact data for, and without SMS once the number replied STOP (the first notice still goes by
 * the next channel in the list).
 */
export function usableChannels(
  planChannels: readonly SendChannel[],
  reachable: { email: boolean; sms: boolean; letter: boolean; smsOptedOut?: boolean },
): SendChannel[] {
  const seen = new Set<SendChannel>();
  return planChannels.filter((channel) => {
    if (seen.has(channel)) return false;
    seen.add(channel);
    if (channel === "sms" && reachable.smsOptedOut) return false;
    return reachable[channel];
  });
}
