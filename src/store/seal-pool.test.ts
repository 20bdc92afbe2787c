import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring } from "./crypto.ts";
import { createSealPool } from "./seal-pool.ts";
import type { VictimInput } from "./sealing.ts";

// The sealing worker's heap is capped (SEAL_WORKER_LIMITS) to keep an import's memory low; a cap too tight
// for the largest chunk an import can send would kill the worker and fail the import.
describe("the sealing pool's heap cap", () => {
  it("seals the largest chunks an import hands it, several queued at once", async () => {
    const keys = createKeyring(randomBytes(32));
    // An import's batch is at most 4 MiB of input (validated.ts), a chunk at most 2,000 of its rows: here
    // each chunk is 2,000 rows of ~2,000 characters outside Latin-1 (two bytes each on the heap), more than
    // a batch can hold.
    const long = (i: number, what: string) => `${what} ${i} ${"Łódź-Ærø ".repeat(110)}`.slice(0, 1_000);
    const chunk = (n: number): VictimInput[] =>
      Array.from({ length: 2_000 }, (_, i) => ({
        externalId: `K${n}-${i}`,
        email: `klant.${n}.${i}@voorbeeld-mail.nl`,
        name: long(i, "naam"),
        address: {
          street: long(i, "straat"),
          houseNumber: "1",
          postcode: "1234 AB",
          city: "Ons Dorp",
          country: "NL",
        },
        categories: ["name", "email", "address"],
      }));
    const pool = createSealPool(keys, 1);
    try {
      const breachId = randomUUID();
      const options = { issueCodes: true, fingerprints: true };
      const sealed = await Promise.all([0, 1, 2, 3].map((n) => pool.seal(breachId, chunk(n), options)));
      for (const one of sealed) {
        expect(one.codes).toHaveLength(2_000);
        expect(one.fingerprints).toHaveLength(2_000);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});
