import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { addresseeFor } from "../compose/addressing.ts";
import { writeLetterBatch } from "../files.ts";
import { testMessage } from "../test-fixtures.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout, LetterTooLongError } from "./layout.ts";
import { renderLetterPdf } from "./letter.ts";
import { MANIFEST_COLUMNS } from "./manifest.ts";

const MM = 72 / 25.4;
const fontsDir = `${join(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"), "..", "standard_fonts")}/`;

interface TextItem {
  str: string;
  x: number;
  /** Distance of the baseline from the top of the page. */
  top: number;
  width: number;
  size: number;
}

async function readPdf(data: Buffer): Promise<{ pages: TextItem[][] }> {
  const doc = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: fontsDir }).promise;
  const pages: TextItem[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const content = await page.getTextContent();
    pages.push(
      content.items
        .filter(
          (i): i is typeof i & { str: string; transform: number[]; width: number } =>
            "str" in i && i.str !== "",
        )
        .map((i) => ({
          str: i.str,
          x: i.transform[4] ?? 0,
          top: height - (i.transform[5] ?? 0),
          width: i.width,
          size: i.transform[0] ?? 0,
        })),
    );
  }
  await doc.cleanup();
  return { pages };
}

function inWindow(item: TextItem, layout: LetterLayout): boolean {
  const w = layout.window;
  const left = w.leftMm * MM;
  const top = w.topMm * MM;
  return (
    item.x >= left &&
    item.x + item.width <= left + w.widthMm * MM &&
    item.top - item.size * 0.75 >= top &&
    item.top + item.size * 0.25 <= top + w.heightMm * MM
  );
}

/** The text inside the window, one string per line (the embedded font's text may come in several items). */
function windowLines(page: TextItem[], layout: LetterLayout): string[] {
  const lines = new Map<number, string>();
  for (const item of page.filter((i) => inWindow(i, layout))) {
    const top = Math.round(item.top);
    lines.set(top, `${lines.get(top) ?? ""}${item.str}`);
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text.replace(/\s+/g, " "));
}

/** Every cross-reference entry points exactly at its object (readers may repair bad tables; we must not need it). */
function expectExactCrossReferences(pdf: Buffer): void {
  const text = pdf.toString("latin1");
  const start = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(text)?.[1]);
  expect(text.slice(start, start + 4)).toBe("xref");
  const lines = text.slice(start).split("\n");
  const count = Number(lines[1]?.split(" ")[1]);
  expect(count).toBeGreaterThan(10);
  for (let id = 1; id < count; id++) {
    const offset = Number(lines[2 + id]?.slice(0, 10));
    expect(text.slice(offset, offset + `${id} 0 obj`.length), `object ${id}`).toBe(`${id} 0 obj`);
  }
}

describe("letter PDF", () => {
  it("places every address line inside the envelope window", async () => {
    const message = testMessage();
    const { pdf } = await renderLetterPdf(message);
    expectExactCrossReferences(pdf);
    const { pages } = await readPdf(pdf);
    const first = pages[0] ?? [];
    for (const line of ["Eva Jansen", "Dorpsstraat 12"]) {
      const item = first.find((i) => i.str === line);
      expect(item, line).toBeDefined();
      expect(inWindow(item as TextItem, DEFAULT_LETTER_LAYOUT), line).toBe(true);
    }
    // The whole address and nothing else is in the window.
    expect(windowLines(first, DEFAULT_LETTER_LAYOUT)).toEqual([
      "Eva Jansen",
      "Dorpsstraat 12",
      "1234 AB UTRECHT",
    ]);
    // Postal convention: two spaces between postcode and place, as the address line has them.
    expect(message.addressee.addressLines).toContain("1234 AB  UTRECHT");
    const postcode = first.find((i) => i.str === "1234 AB");
    const place = first.find((i) => i.str === "UTRECHT");
    const gap = (place?.x ?? 0) - ((postcode?.x ?? 0) + (postcode?.width ?? 0));
    // A space of DejaVu Sans at 11 pt is 3.5 pt wide.
    expect(gap).toBeGreaterThan(1.5 * 3.5);
  });

  it.each([["minor"], ["deceased"], ["represented"]])(
    "addresses a %s letter inside the window",
    async (flag) => {
      const base = testMessage();
      const recipient = {
        ...base.recipient,
        flags: [flag],
        representative: {
          name: "Mr. J. Smit",
          address: { street: "Stationsplein", houseNumber: "1", postcode: "3511 ED", city: "Utrecht" },
        },
      };
      const addressee = addresseeFor(recipient);
      const { pages } = await readPdf((await renderLetterPdf({ ...base, recipient, addressee })).pdf);
      const inside = windowLines(pages[0] ?? [], DEFAULT_LETTER_LAYOUT);
      expect(inside).toEqual(addressee.addressLines.map((l) => l.replace(/\s+/g, " ")));
      expect(inside.length).toBeGreaterThanOrEqual(4);
    },
  );

  it("follows a provider's own window position", async () => {
    const layout: LetterLayout = {
      ...DEFAULT_LETTER_LAYOUT,
      window: { leftMm: 110, topMm: 45, widthMm: 85, heightMm: 40 },
    };
    const { pages } = await readPdf((await renderLetterPdf(testMessage(), layout)).pdf);
    const inside = windowLines(pages[0] ?? [], layout);
    expect(inside).toEqual(["Eva Jansen", "Dorpsstraat 12", "1234 AB UTRECHT"]);
  });

  it("prints the code, reference, date and page numbers, all at 11 pt or more", async () => {
    const message = testMessage();
    const long = { ...message, sections: [...message.sections, ...message.sections, ...message.sections] };
    const { pdf, pages: count } = await renderLetterPdf(long);
    expect(count).toBeGreaterThan(1);
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(count);
    const text = pages.map((p) => p.map((i) => i.str).join(" "));
    expect(text[0]).toContain(message.verificationCode);
    expect(text[0]).toContain("Ons kenmerk: VT-2026-000001");
    expect(text[0]).toContain("12 februari 2026");
    // The essentials are on the first page.
    expect(text[0]).toContain("Belangrijk: uw gegevens zijn gelekt");
    expect(text[0]).toContain("Criminelen hebben uw naam");
    for (let i = 0; i < count; i++) expect(text[i]).toContain(`Pagina ${i + 1} van ${count}`);
    for (const item of pages.flat()) expect(item.size, item.str).toBeGreaterThanOrEqual(11);
  });

  it("breaks an address people type after its punctuation, not inside a word", async () => {
    const plan =
      "lekwijzer.example.org/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom+BV&gegevens=name,address,email,phone,date-of-birth,iban,id-document-number,bsn";
    const message = testMessage();
    const withPlan = {
      ...message,
      planAddress: plan,
      sections: message.sections.map((s) =>
        s.id === "what-you-can-do"
          ? { ...s, blocks: [...s.blocks, { kind: "paragraph" as const, text: plan }] }
          : s,
      ),
    };
    const { pages } = await readPdf((await renderLetterPdf(withPlan)).pdf);
    const lines = new Map<string, string>();
    for (const item of pages.flat()) {
      const key = `${pages.findIndex((p) => p.includes(item))}:${Math.round(item.top)}`;
      lines.set(key, `${lines.get(key) ?? ""}${item.str}`);
    }
    const parts = [...lines.values()].filter(
      (line) => /^[a-z0-9.:/?=+&,-]+$/i.test(line) && plan.includes(line),
    );
    expect(parts.join("")).toBe(plan);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/[/?&,]$/);
  });

  it("shows Dutch and other European characters with the embedded font, and ? for what it lacks", async () => {
    const message = testMessage({
      summary: "Wij hebben u geïnformeerd over de ideeën van Ëlsa, Łukasz en Șerban – “echt” 日本.",
    });
    const { pages } = await readPdf(renderLetterPdf(message).pdf);
    const text = (pages[0] ?? []).map((i) => i.str).join(" ");
    expect(text).toContain("geïnformeerd over de ideeën van Ëlsa, Łukasz en Șerban – “echt” ??.");
  });

  it("embeds its fonts and is tagged for PDF/UA with language, title and structure", async () => {
    const message = testMessage();
    const { pdf } = renderLetterPdf(message);
    const doc = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: fontsDir }).promise;
    const { info, metadata } = await doc.getMetadata();
    expect(info).toMatchObject({
      PDFFormatVersion: "1.7",
      IsLinearized: false,
      Title: message.subject,
      Language: "nl-NL",
    });
    expect(metadata?.get("pdfuaid:part")).toBe("1");
    const page = await doc.getPage(1);
    const tree = await page.getStructTree();
    const roles: string[] = [];
    const walk = (node: { role?: string; children?: unknown[] }) => {
      if (node.role) roles.push(node.role);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(tree as { children?: unknown[] });
    for (const role of ["Document", "Part", "H1", "Sect", "H2", "P", "L", "LI", "Lbl", "LBody"]) {
      expect(roles, role).toContain(role);
    }
    // Every font is embedded (a FontFile2 stream) and subsetted (ABCDEF+ prefix), none is a standard font.
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+[A-Za-z-]+)/g)].map((m) => m[1]);
    expect(new Set(fonts.map((f) => f?.slice(7)))).toEqual(
      new Set(["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"]),
    );
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Courier|Times)/);
    expect(raw.match(/\/FontFile2 /g)?.length).toBe(3);
    await doc.cleanup();
  });

  it("stops laying out as soon as a letter passes its page limit", () => {
    const message = testMessage();
    const huge = { ...message, sections: Array.from({ length: 400 }, () => message.sections).flat() };
    const start = performance.now();
    let error: unknown;
    try {
      renderLetterPdf(huge, { ...DEFAULT_LETTER_LAYOUT, maxPages: 3 });
    } catch (e) {
      error = e;
    }
    const elapsed = performance.now() - start;
    expect(error).toBeInstanceOf(LetterTooLongError);
    expect((error as LetterTooLongError).pages).toBe(4);
    expect((error as Error).message).toBe(
      "letter VT-2026-000001 has more than 3 pages; the print provider takes at most 3",
    );
    // Laying out all ~1,000 pages takes seconds; stopping at page 4 takes milliseconds.
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe("letter batch", () => {
  it("writes one PDF and a manifest whose first pages and counts add up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lw-batch-"));
    const base = testMessage();
    const messages = [1, 2, 3].map((n) =>
      testMessage({
        id: `m-${n}`,
        victimId: `v-${n}`,
        reference: `REF-${n}`,
        sections: n === 2 ? [...base.sections, ...base.sections, ...base.sections] : base.sections,
      }),
    );
    async function* stream() {
      yield* messages;
    }
    const result = await writeLetterBatch(stream(), {
      pdf: join(dir, "b.pdf"),
      manifest: join(dir, "b.csv"),
    });
    const csv = readFileSync(result.manifestPath, "utf8").trim().split("\r\n");
    expect(csv[0]).toBe(MANIFEST_COLUMNS.join(","));
    const rows = csv.slice(1).map((r) => r.split(","));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[3])).toEqual(["REF-1", "REF-2", "REF-3"]);
    const { pages } = await readPdf(readFileSync(result.pdfPath));
    expect(pages).toHaveLength(result.pages);
    for (const row of rows) {
      const firstPage = Number(row[5]);
      const count = Number(row[6]);
      const text = (pages[firstPage - 1] ?? []).map((i) => i.str).join(" ");
      expect(text).toContain(`Ons kenmerk: ${row[3]}`);
      expect(text).toContain(`Pagina 1 van ${count}`);
    }
    expect(rows.reduce((sum, r) => sum + Number(r[6]), 0)).toBe(result.pages);
    expectExactCrossReferences(readFileSync(result.pdfPath));
  });

  it("starts every letter on a new sheet when printing on both sides", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lw-duplex-"));
    const messages = [testMessage({ reference: "A" }), testMessage({ reference: "B" })];
    const result = await writeLetterBatch(
      messages,
      { pdf: join(dir, "d.pdf"), manifest: join(dir, "d.csv") },
      { ...DEFAULT_LETTER_LAYOUT, duplex: true },
    );
    expect(result.pages % 2).toBe(0);
    const rows = readFileSync(result.manifestPath, "utf8")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((r) => r.split(","));
    expect(rows.map((r) => Number(r[5]) % 2)).toEqual([1, 1]);
    expect(result.sheets).toBe(result.pages / 2);
  });
});
