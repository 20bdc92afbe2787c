import { describe, expect, it } from "vitest";
import { createMxGrouper, type MxRecord, mxHostGroup, registrableDomain } from "./mx-groups.ts";

/** A resolver from a table, counting its look-ups; never touches the network. */
function stub(table: Record<string, readonly MxRecord[] | Error>) {
  const asked: string[] = [];
  const resolveMx = async (domain: string) => {
    asked.push(domain);
    const answer = table[domain];
    if (answer instanceof Error) throw answer;
    if (!answer) throw Object.assign(new Error(`queryMx ENOTFOUND ${domain}`), { code: "ENOTFOUND" });
    return answer;
  };
  return { asked, resolveMx };
}

describe("grouping receiving domains by mail exchanger", () => {
  it("puts a company domain hosted by Microsoft 365 or Google in the provider's group", async () => {
    const dns = stub({
      "contoso-example.nl": [{ exchange: "contoso-example-nl.mail.protection.outlook.com", priority: 0 }],
      "fabrikam-example.nl": [
        { exchange: "alt1.aspmx.l.google.com", priority: 5 },
        { exchange: "aspmx.l.google.com", priority: 1 },
      ],
      "webmail-example.nl": [{ exchange: "mx.tb.mail.iss.as9143.net", priority: 10 }],
    });
    const grouper = createMxGrouper({ resolveMx: dns.resolveMx });
    expect(await grouper.groupOf("piet@contoso-example.nl")).toBe("microsoft");
    expect(await grouper.groupOf("Kees@Fabrikam-Example.NL")).toBe("google");
    expect(await grouper.groupOf("x@webmail-example.nl")).toBe("ziggo");
  });

  it("answers known consumer domains from the static table without a look-up", async () => {
    const dns = stub({});
    const grouper = createMxGrouper({ resolveMx: dns.resolveMx, staticGroups: { "xs4all.nl": "kpn" } });
    expect(await grouper.groupOf("a@hotmail.com")).toBe("microsoft");
    expect(await grouper.groupOf("a@gmail.com")).toBe("google");
    expect(await grouper.groupOf("a@xs4all.nl")).toBe("kpn");
    expect(grouper.cached("a@ziggo.nl")).toBe("ziggo");
    expect(dns.asked).toEqual([]);
  });

  it("groups other exchangers by their registrable domain, so one hosting company's customers share a limit", async () => {
    const dns = stub({
      "bakker-example.nl": [{ exchange: "mx1.hosting-example.nl.", priority: 10 }],
      "slager-example.nl": [{ exchange: "mx2.hosting-example.nl", priority: 10 }],
      "shop-example.co.uk": [{ exchange: "mail.host-example.co.uk", priority: 10 }],
    });
    const grouper = createMxGrouper({ resolveMx: dns.resolveMx });
    expect(await grouper.groupOf("a@bakker-example.nl")).toBe("hosting-example.nl");
    expect(await grouper.groupOf("a@slager-example.nl")).toBe("hosting-example.nl");
    expect(await grouper.groupOf("a@shop-example.co.uk")).toBe("host-example.co.uk");
    expect(registrableDomain("a.b.example.com")).toBe("example.com");
    expect(mxHostGroup("eur.olc.protection.outlook.com")).toBe("microsoft");
    expect(mxHostGroup("mx.notgoogle.com")).toBe("notgoogle.com");
  });

  it("falls back to the domain itself when the look-up times out or fails, quickly, and caches that briefly", async () => {
    let asked = 0;
    let time = 0;
    const grouper = createMxGrouper({
      resolveMx: () => {
        asked += 1;
        return new Promise(() => {});
      },
      timeoutMs: 50,
      negativeTtlMs: 1_000,
      now: () => time,
    });
    const started = performance.now();
    expect(await grouper.groupOf("a@slow-example.nl")).toBe("slow-example.nl");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await grouper.groupOf("b@slow-example.nl")).toBe("slow-example.nl");
    expect(asked).toBe(1);
    time = 1_001;
    await grouper.groupOf("c@slow-example.nl");
    expect(asked).toBe(2);

    const failing = createMxGrouper({ resolveMx: stub({}).resolveMx });
    expect(await failing.groupOf("a@nx-example.nl")).toBe("nx-example.nl");
    const noMx = createMxGrouper({
      resolveMx: stub({ "null-example.nl": [{ exchange: ".", priority: 0 }] }).resolveMx,
    });
    expect(await noMx.groupOf("a@null-example.nl")).toBe("null-example.nl");
  });

  it("looks a domain up once for many recipients, keeps the answer for its TTL, and bounds the cache", async () => {
    const dns = stub({
      "a-example.nl": [{ exchange: "a-example-nl.mail.protection.outlook.com", priority: 0 }],
      "b-example.nl": [{ exchange: "aspmx.l.google.com", priority: 0 }],
      "c-example.nl": [{ exchange: "mx.c-example.nl", priority: 0 }],
    });
    let time = 0;
    const grouper = createMxGrouper({
      resolveMx: dns.resolveMx,
      ttlMs: 10_000,
      maxEntries: 2,
      now: () => time,
    });
    const groups = await Promise.all(
      Array.from({ length: 200 }, (_, i) => grouper.groupOf(`p${i}@a-example.nl`)),
    );
    expect(new Set(groups)).toEqual(new Set(["microsoft"]));
    expect(dns.asked).toEqual(["a-example.nl"]);
    expect(grouper.cached("x@a-example.nl")).toBe("microsoft");
    time = 10_001;
    expect(grouper.cached("x@a-example.nl")).toBeUndefined();
    await grouper.groupOf("x@a-example.nl");
    await grouper.groupOf("x@b-example.nl");
    await grouper.groupOf("x@c-example.nl");
    expect(grouper.size).toBe(2);
    expect(dns.asked).toEqual(["a-example.nl", "a-example.nl", "b-example.nl", "c-example.nl"]);
  });

  it("with look-ups off, every domain outside the static table is its own group", async () => {
    const dns = stub({ "contoso-example.nl": [{ exchange: "x.mail.protection.outlook.com", priority: 0 }] });
    const grouper = createMxGrouper({ lookup: false, resolveMx: dns.resolveMx });
    expect(await grouper.groupOf("a@contoso-example.nl")).toBe("contoso-example.nl");
    expect(await grouper.groupOf("a@outlook.com")).toBe("microsoft");
    expect(dns.asked).toEqual([]);
  });
});
