import { describe, expect, it } from "vitest";
import { SharedBucketStore } from "./rate-limit.ts";

const WINDOW = 60_000;

function incr(store: SharedBucketStore, key: string): number {
  let current = -1;
  store.incr(
    key,
    (_error, result) => {
      current = result.current;
    },
    WINDOW,
  );
  return current;
}

describe("the shared rate-limit store", () => {
  it("keeps a client's count through a flood of other clients, beyond its default size", () => {
    const store = new SharedBucketStore();
    incr(store, "203.0.113.77");
    incr(store, "203.0.113.77");
    for (let i = 0; i < 120_000; i++) incr(store, `flood-${i}`);
    expect(incr(store, "203.0.113.77")).toBe(3);
  });

  it("limits newcomers while it is full of live buckets, rather than forget anyone", () => {
    const store = new SharedBucketStore({ maxClients: 10 });
    for (let i = 0; i < 10; i++) incr(store, `client-${i}`);
    expect(incr(store, "newcomer")).toBeGreaterThan(1_000_000);
    expect(incr(store, "client-0")).toBe(2);
  });
});
