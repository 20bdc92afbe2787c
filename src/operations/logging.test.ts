import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./index.ts";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger("info", sink), lines };
}

// The worker's and every command's logger: the same rules as the web server's, without its request serializers.
describe("the logger every process uses", () => {
  it("redacts contact fields by name, at the top and one level down", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        email: "anna@example.nl",
        code: "K7M2-PQ4X",
        victim: { phone: "+31612345678", postcode: "1234 AB" },
        campaign: 7,
      },
      "sent",
    );
    const line = JSON.parse(lines.join(""));
    expect(line.email).toBe("[redacted]");
    expect(line.code).toBe("[redacted]");
    expect(line.victim).toEqual({ phone: "[redacted]", postcode: "[redacted]" });
    expect(line.campaign).toBe(7);
  });

  it("masks addresses and numbers in free text and in errors, keeping what names the error", () => {
    const { logger, lines } = capture();
    logger.warn("relay refused jan.jansen@example.nl (06-12345678)");
    const error = Object.assign(new Error("550 mailbox piet@example.org unknown"), { code: "EENVELOPE" });
    logger.error({ err: error }, "send failed");
    const output = lines.join("");
    for (const secret of ["jan.jansen@example.nl", "06-12345678", "piet@example.org"])
      expect(output).not.toContain(secret);
    const logged = JSON.parse(lines[1] ?? "{}").err;
    expect(logged).toMatchObject({ type: "Error", errorCode: "EENVELOPE" });
    expect(logged.message).toContain("550 mailbox");
    expect(logged.stack).toContain("logging.test.ts");
  });
});
