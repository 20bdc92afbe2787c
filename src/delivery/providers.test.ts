import { describe, expect, it } from "vitest";
import { classifyHttpStatus, classifySmtpReply, recipientDomain } from "./providers.ts";
import { classifySmtpError } from "./smtp.ts";

describe("SMTP classification", () => {
  it.each([
    [421, "4.7.0 Try again later, closing connection", "deferred"],
    [450, "4.2.1 The user you are trying to contact is receiving mail too quickly", "deferred"],
    [451, "4.7.1 Temporary rate limit", "deferred"],
    [550, "5.1.1 The email account does not exist", "rejected"],
    [552, "5.3.4 Message size exceeds fixed limit", "rejected"],
    [554, "5.7.1 Service unavailable; client host blocked", "rejected"],
    [undefined, "5.1.1 user unknown", "rejected"],
    [undefined, "4.4.1 no answer", "deferred"],
    [undefined, undefined, "deferred"],
  ])("%s %s → %s", (code, response, outcome) => {
    expect(classifySmtpReply(code, response).outcome).toBe(outcome);
  });

  it("never falls back on our own connection, TLS or authentication trouble", () => {
    for (const code of ["ECONNECTION", "ETIMEDOUT", "ETLS", "EAUTH", "ESOCKET"]) {
      const error = Object.assign(new Error("x"), {
        code,
        ...(code === "EAUTH" ? { responseCode: 535 } : {}),
      });
      expect(classifySmtpError(error).outcome, code).toBe("deferred");
    }
    const envelope = Object.assign(new Error("Can't send mail"), {
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 no",
    });
    expect(classifySmtpError(envelope).outcome).toBe("rejected");
  });

  it("masks addresses and numbers the provider quotes back", () => {
    const receipt = classifySmtpReply(550, "5.1.1 <an.de.vries@example.nl>: Recipient address rejected");
    expect(receipt.reason).toBe("5.1.1 <[email]>: Recipient address rejected");
    expect(classifyHttpStatus(400, "400 invalid number +31 6 1234 5678").reason).toBe(
      "400 invalid number [phone]",
    );
    expect(classifySmtpReply(421, "4.7.0 Try again later").reason).toBe("4.7.0 Try again later");
  });

  it("takes the domain after the last @", () => {
    expect(recipientDomain('"a@b"@Example.NL')).toBe("example.nl");
  });
});
