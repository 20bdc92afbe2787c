import { describe, expect, it } from "vitest";
import { type BatchRun, sendInLanes } from "./dispatch.ts";
import type { Prepared } from "./prepare.ts";
import type { SenderContext } from "./sender-context.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("sending in lanes", () => {
  it("lets the other lanes finish the message in hand and take no more before a failure is raised", async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ deliveryId: i }) as unknown as Prepared);
    const inFlight = new Set<number>();
    const started: number[] = [];
    let failedAt = Number.POSITIVE_INFINITY;
    const given: Prepared[] = [];
    const run = {
      isRunning: () => true,
      giveBack: async (back: readonly Prepared[]) => {
        given.push(...back);
      },
    } as unknown as BatchRun;
    const ctx = { concurrency: 3 } as unknown as SenderContext;
    const outcome = sendInLanes(ctx, items, run, async (item) => {
      const id = (item as unknown as { deliveryId: number }).deliveryId;
      started.push(id);
      inFlight.add(id);
      await sleep(id === 1 ? 5 : 40);
      inFlight.delete(id);
      if (id === 1) {
        failedAt = started.length;
        throw new Error("outcome not recorded");
      }
    });
    await expect(outcome).rejects.toThrow("outcome not recorded");
    // When the batch learns of the failure (and gives back what it holds), no lane is still sending.
    expect([...inFlight]).toEqual([]);
    // Nothing was taken after the failure, and nothing was given back by the lanes: the batch's claim does that.
    expect(started).toHaveLength(failedAt);
    expect(given).toEqual([]);
  });

  it("gives back what no lane took when the campaign stops running", async () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ deliveryId: i }) as unknown as Prepared);
    let running = true;
    const given: Prepared[] = [];
    const run = {
      isRunning: () => running,
      giveBack: async (back: readonly Prepared[]) => {
        given.push(...back);
      },
    } as unknown as BatchRun;
    await sendInLanes({ concurrency: 2 } as unknown as SenderContext, items, run, async () => {
      running = false;
    });
    // The first lane took one; the second saw the stop before taking any.
    expect(given).toHaveLength(5);
  });
});
