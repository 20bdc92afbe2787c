import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type CircuitContext, circuitOf, noteProviderAnswer } from "./circuit.ts";

const relayDown = { outcome: "deferred" as const, reason: "ECONNREFUSED", infrastructure: true };

describe("a channel's circuit", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
  });
  afterAll(async () => {
    await db.close();
  });

  it("opens once for a burst of failures that were under way together, and doubles only after a failed probe", async () => {
    const ctx: CircuitContext = { db: db.db, circuitDelayMs: 1_000 };
    const started = Date.now();
    // Five lanes whose messages failed at once (one failed statement, or the relay going away mid-burst).
    await Promise.all(Array.from({ length: 5 }, () => noteProviderAnswer(ctx, "email", relayDown)));
    const circuit = circuitOf(ctx, "email");
    expect(circuit.failures).toBe(5);
    expect(circuit.openUntil - started).toBeGreaterThanOrEqual(1_000);
    expect(circuit.openUntil - Date.now()).toBeLessThanOrEqual(1_000);
    // The delay has run its course: the probe fails, and the circuit opens again for twice as long.
    circuit.openUntil = Date.now() - 1;
    const probed = Date.now();
    await noteProviderAnswer(ctx, "email", relayDown);
    expect(circuit.openUntil - probed).toBeGreaterThanOrEqual(2_000);
    expect(circuit.openUntil - Date.now()).toBeLessThanOrEqual(2_000);
    // A message that goes through closes it.
    await noteProviderAnswer(ctx, "email", { outcome: "sent", providerId: "x" });
    expect(circuit.failures).toBe(0);
  });
});
