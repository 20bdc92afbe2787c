/**
 * The public breach page through the real server and a real database, both engines: a write key publishes it;
 * it is served as stored bytes with a strong ETag (304 on a match) and public cache headers; an unpublished
 * breach answers exactly like an unknown address; publishing an update renders it again; the old advice link
 * redirects to it; the sitemap lists it in both languages; robots.txt points at the sitemap; the organisation's
 * colours are used only with enough contrast; every public page names its canonical address and alternates.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { keyActor } from "../src/operations/actor.ts";
import { createBreach } from "../src/operations/breaches.ts";
import { apiKeys, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { checkTheme, contrastRatio } from "../src/web/pages/breach-theme.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked field by field below
const json = async (response: Response): Promise<any> => response.json();

/** What differs between two 404s by design: the request id, the date, and the address asked for. */
function comparable(response: Response, body: string, slug: string) {
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !["x-request-id", "date"].includes(name)),
  );
  const neutral = body.replaceAll(slug, "SLUG").replace(/"requestId":"[^"]+"/, '"requestId":"ID"');
  return { status: response.status, headers, body: neutral };
}

const BLOCK = /<\/?(p|li|h[1-6]|summary|div|ul|ol|section|nav|details)\b[^>]*>/g;

/** The visible text of <main>, one entry per block (paragraph, list item, heading…). */
function blocks(page: string): string[] {
  const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
  return main
    .replace(BLOCK, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((text) => text.replace(/\s+/g, " ").trim())
    .filter((text) => text.length > 0);
}

describe.each(engineCases())("breach page on %s", (engine) => {
  let db: TestDatabase;
  let server: TestServer;
  let write: string;
  let published: string;
  let unpublished: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const ctx = { db: db.db, keys: db.keys };
    const organisationId = await organisationReadyToSend(ctx, "pagina-org");
    const actor = keyActor({ holder: "Privacy officer", organisationId, scope: "write" });
    published = (await createBreach(ctx, actor, { facts: FACTS, slug: "pagina-lek" })).id;
    unpublished = (await createBreach(ctx, actor, { facts: FACTS, slug: "geheim-lek" })).id;
    write = (
      await apiKeys.create(db.db, {
        organisationId,
        scope: "write",
        holder: "PO",
        label: "t",
        createdBy: "t",
      })
    ).secret;
    server = await startTestServer({
      extra: {
        publicUrl: "https://lekwijzer.example.org",
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${write}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it("does not exist before it is published: the same 404 as an unknown address", async () => {
    // Addresses of the same length, so even the content length must match.
    const draft = await fetch(`${server.url}/datalek/pagina-lek`);
    const unknown = await fetch(`${server.url}/datalek/nergens-xy`);
    const draftBody = await draft.text();
    expect(draft.status).toBe(404);
    expect(comparable(draft, draftBody, "pagina-lek")).toEqual(
      comparable(unknown, await unknown.text(), "nergens-xy"),
    );
  });

  it("is published by a write key at the breach's slug, and answered in both languages", async () => {
    const response = await api("POST", `/breaches/${published}/page`, {});
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      breachId: published,
      slug: "pagina-lek",
      paths: { nl: "/datalek/pagina-lek", en: "/en/datalek/pagina-lek" },
    });
    const nl = await fetch(`${server.url}/datalek/pagina-lek`);
    expect(nl.status).toBe(200);
    const page = await nl.text();
    expect(page).toContain('<h1 class="utrecht-heading-1">Datalek bij Voorbeeld Telecom BV</h1>');
    expect(page).toContain("Laatst bijgewerkt");
    expect(page).toContain('href="/datalek/pagina-lek/getroffen"');
    expect(page).toContain('href="/mijn-plan"');
    expect(page).toContain('href="/echt"');
    expect(page).toContain('href="/datalek/pagina-lek/verdacht-bericht"');
    expect(page).toContain('href="tel:0201234567"');
    const en = await (await fetch(`${server.url}/en/datalek/pagina-lek`)).text();
    expect(en).toContain("Data breach at Voorbeeld Telecom BV");
    expect(en).toContain('href="/en/mijn-plan"');
  });

  it("takes an address typed with capitals to the page's own address", async () => {
    const typed = await fetch(`${server.url}/datalek/Pagina-Lek`, { redirect: "manual" });
    expect(typed.status).toBe(301);
    expect(typed.headers.get("location")).toBe("/datalek/pagina-lek");
    const english = await fetch(`${server.url}/en/datalek/PAGINA-LEK`, { redirect: "manual" });
    expect(english.headers.get("location")).toBe("/en/datalek/pagina-lek");
  });

  it("refuses an address another published page has, and a malformed one", async () => {
    const taken = await api("POST", `/breaches/${unpublished}/page`, { slug: "pagina-lek" });
    expect(taken.status).toBe(409);
    const bad = await api("POST", `/breaches/${unpublished}/page`, { slug: "Pagina Lek!" });
    expect(bad.status).toBe(400);
    expect((await fetch(`${server.url}/datalek/geheim-lek`)).status).toBe(404);
  });

  it("is served as stored bytes with a strong ETag, 304 on a match, and public cache headers", async () => {
    const first = await fetch(`${server.url}/datalek/pagina-lek`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=600");
    const body = await first.text();
    const again = await fetch(`${server.url}/datalek/pagina-lek`);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(body);
    const cached = await fetch(`${server.url}/datalek/pagina-lek`, { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe(etag);
    expect(await cached.text()).toBe("");
    const stale = await fetch(`${server.url}/datalek/pagina-lek`, { headers: { "if-none-match": '"old"' } });
    expect(stale.status).toBe(200);
  });

  it("is rendered again when an update is published, and shows it in the dated timeline", async () => {
    const before = (await fetch(`${server.url}/datalek/pagina-lek`)).headers.get("etag");
    const created = await json(
      await api("POST", `/breaches/${published}/updates`, {
        title: { nl: "De gegevens staan online", en: "The data is online" },
        body: { nl: "Wees extra alert op nepberichten.", en: "Be extra alert to fake messages." },
      }),
    );
    const draft = await (await fetch(`${server.url}/datalek/pagina-lek`)).text();
    expect(draft).not.toContain("De gegevens staan online");
    expect((await api("POST", `/breaches/${published}/updates/${created.id}/publish`)).status).toBe(200);
    const after = await fetch(`${server.url}/datalek/pagina-lek`);
    expect(after.headers.get("etag")).not.toBe(before);
    const page = await after.text();
    expect(page).toMatch(/<time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>: <span>De gegevens staan online/);
    const en = await (await fetch(`${server.url}/en/datalek/pagina-lek`)).text();
    expect(en).toContain("The data is online");
    // Dutch only: the English page shows the Dutch text, marked as Dutch for screen readers.
    const dutch = await json(
      await api("POST", `/breaches/${published}/updates`, {
        title: { nl: "Wij bellen u niet" },
        body: { nl: "Wij bellen u nooit over dit lek. Belt iemand u? Hang dan op." },
      }),
    );
    await api("POST", `/breaches/${published}/updates/${dutch.id}/publish`);
    const mixed = await (await fetch(`${server.url}/en/datalek/pagina-lek`)).text();
    expect(mixed).toContain('<span lang="nl">Wij bellen u niet</span>');
    expect(mixed.indexOf("Wij bellen u niet")).toBeLessThan(mixed.indexOf("The data is online"));
  });

  it("shows an active phishing warning first, and no longer once it is withdrawn", async () => {
    const posted = await api("POST", `/breaches/${published}/phishing-warnings`, {
      body: { nl: "Er gaan valse sms'jes rond over dit lek. Klik niet op de link in zo'n sms." },
    });
    expect(posted.status).toBe(201);
    const warning = await json(posted);
    const page = await (await fetch(`${server.url}/datalek/pagina-lek`)).text();
    const box = page.indexOf('id="waarschuwingen"');
    expect(box).toBeGreaterThan(0);
    expect(page.indexOf("Er gaan valse sms", box)).toBeGreaterThan(box);
    expect(box).toBeLessThan(page.indexOf("Wat is er gebeurd"));
    expect(page).toContain('href="/datalek/pagina-lek/verdacht-bericht"');
    const english = await (await fetch(`${server.url}/en/datalek/pagina-lek`)).text();
    expect(english).toContain("Watch out: these fake messages are going round");
    expect(english).toContain('<span lang="nl">Er gaan valse sms');
    const withdrawn = await api("POST", `/breaches/${published}/phishing-warnings/${warning.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(await (await fetch(`${server.url}/datalek/pagina-lek`)).text()).not.toContain(
      'id="waarschuwingen"',
    );
  });

  it("sends the old advice link to the page of the named organisation", async () => {
    for (const [from, to] of [
      ["/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom+BV&gegevens=name,email", "/datalek/pagina-lek"],
      ["/en/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom+BV&gegevens=name", "/en/datalek/pagina-lek"],
    ] as const) {
      const response = await fetch(`${server.url}${from}`, { redirect: "manual" });
      expect(response.status).toBe(308);
      expect(response.headers.get("location")).toBe(to);
    }
    const other = await fetch(`${server.url}/wat-kunt-u-doen/datalek?datalek=Ander+Bedrijf&gegevens=name`, {
      redirect: "manual",
    });
    expect(other.status).toBe(200);
  });

  it("lists the public pages and the published breach page in the sitemap, never the unpublished one", async () => {
    const response = await fetch(`${server.url}/sitemap.xml`);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toContain("<loc>https://lekwijzer.example.org/datalek/pagina-lek</loc><lastmod>");
    expect(xml).toContain("<loc>https://lekwijzer.example.org/en/datalek/pagina-lek</loc><lastmod>");
    expect(xml).toContain("<loc>https://lekwijzer.example.org/toegankelijkheid</loc>");
    expect(xml).toContain('hreflang="x-default" href="https://lekwijzer.example.org/echt"');
    expect(xml).not.toContain("geheim-lek");
    const robots = await (await fetch(`${server.url}/robots.txt`)).text();
    expect(robots).toContain("Sitemap: https://lekwijzer.example.org/sitemap.xml");
    expect(robots).toContain("Disallow: /api/");
    expect(robots).toContain("Disallow: /outbox");
  });

  it("names its canonical address, alternates and structured data", async () => {
    const page = await (await fetch(`${server.url}/en/datalek/pagina-lek`)).text();
    expect(page).toContain(
      '<link rel="canonical" href="https://lekwijzer.example.org/en/datalek/pagina-lek">',
    );
    expect(page).toContain('hreflang="nl" href="https://lekwijzer.example.org/datalek/pagina-lek"');
    expect(page).toContain('hreflang="x-default" href="https://lekwijzer.example.org/datalek/pagina-lek"');
    expect(page).toMatch(/<meta name="description" content="[^"]{40,}">/);
    const data = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? "{}");
    expect(data["@type"]).toContain("FAQPage");
    expect(data.mainEntity.length).toBeGreaterThan(2);
    const home = await (await fetch(`${server.url}/hulp`)).text();
    expect(home).toContain('<link rel="canonical" href="https://lekwijzer.example.org/hulp">');
    expect(home).toContain('href="/toegankelijkheid"');
  });

  it("is written in plain language (B1): no blocking finding in either language", async () => {
    for (const [path, language] of [
      ["/datalek/pagina-lek", "nl"],
      ["/en/datalek/pagina-lek", "en"],
    ] as const) {
      const blocking = blocks(await (await fetch(`${server.url}${path}`)).text()).flatMap((text) =>
        checkPlainLanguage(text, { language })
          .findings.filter((finding) => finding.severity === "block")
          .map((finding) => `${finding.message} — "${text.slice(0, 80)}"`),
      );
      expect({ path, blocking }).toEqual({ path, blocking: [] });
    }
  });

  it("has an accessibility statement in plain language, in both languages", async () => {
    for (const [path, language] of [
      ["/toegankelijkheid", "nl"],
      ["/en/toegankelijkheid", "en"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain("WCAG 2.1");
      expect(page).toContain("axe-core");
      const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(page)?.[1] ?? "";
      const text = main.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      const blocking = checkPlainLanguage(text, { language }).findings.filter((f) => f.severity === "block");
      expect(blocking, path).toEqual([]);
    }
  });

  it("uses the organisation's colours only when they keep enough contrast", async () => {
    const ctx = { db: db.db, keys: db.keys };
    const low = await organisations.create(db.db, {
      slug: "bleek-org",
      name: "Bleek BV",
      theme: { primary: "#ffee00", logo: "https://evil.example/logo.png" },
    });
    const actor = keyActor({ holder: "PO", organisationId: low.id, scope: "write" });
    const breach = await createBreach(ctx, actor, { facts: FACTS, slug: "bleek-lek" });
    const { publishBreachPage } = await import("../src/operations/breach-pages.ts");
    await publishBreachPage(ctx, actor, { breachId: breach.id });
    const css = await (await fetch(`${server.url}/datalek/bleek-lek/thema.css`)).text();
    expect(css).not.toContain("#ffee00");
    const page = await (await fetch(`${server.url}/datalek/bleek-lek`)).text();
    expect(page).toContain('href="/datalek/bleek-lek/thema.css"');
    expect(page).not.toContain("evil.example");
    const dark = checkTheme({ primary: "#7a1f5c", background: "#fffdf5" });
    expect(dark.tokens["--lw-color-primary"]).toBe("#7a1f5c");
    expect(dark.tokens["--lw-color-primary-contrast"]).toBe("#ffffff");
    expect(contrastRatio("#7a1f5c", "#fffdf5")).toBeGreaterThanOrEqual(4.5);
    expect(checkTheme({ text: "#999999" }).refused).toEqual(["text"]);
  });
});
