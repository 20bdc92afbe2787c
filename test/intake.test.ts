// The import corpus: bad victim files of every kind each give a clear report, never a crash, and the
// good rows in them still reach the sink. Runs the intake pipeline end to end on real files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VictimFileError } from "../src/intake/columns.ts";
import { type ImportSummary, importVictimFile } from "../src/intake/import.ts";
import type { ImportProgress } from "../src/intake/progress.ts";
import { createInMemorySinkForTests, createInMemoryWriterForTests } from "../src/intake/sink.ts";
import { createStagingSink } from "../src/intake/staging.ts";
import { withImportLedger } from "../src/store/index.ts";
import { openTestDatabase } from "../src/store/testing.ts";

const fixtures = new URL("./fixtures/intake/", import.meta.url);
const folder = mkdtempSync(join(tmpdir(), "lekwijzer-intake-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const BREACH = ["email", "phone", "name", "address", "iban"];
let counter = 0;

interface ReportRow {
  line: string;
  column: string;
  severity: string;
  code: string;
  reason: string;
  value: string;
}

/** Whether the bad-file corpus below reads in the main thread or in the reading thread (both are run). */
let readInThread = false;

async function importFile(input: string | Buffer, options: { format?: "csv" | "jsonl" } = {}) {
  const reportPath = join(folder, `report-${++counter}.csv`);
  const path = Buffer.isBuffer(input)
    ? join(folder, `input-${counter}.csv`)
    : new URL(input, fixtures).pathname;
  if (Buffer.isBuffer(input)) writeFileSync(path, input);
  const sink = createInMemorySinkForTests();
  const summary = await importVictimFile(path, {
    breachCategories: BREACH,
    sink,
    report: reportPath,
    readInThread,
    ...options,
  });
  const text = readFileSync(reportPath, "utf8");
  expect(text.startsWith("\uFEFFline,column,severity,code,reason,value\r\n")).toBe(true);
  const report = parse(text, { bom: true, columns: true }) as ReportRow[];
  expect(summary.rows).toBe(
    summary.imported + summary.updated + summary.unchanged + summary.rejected + summary.superseded,
  );
  expect(summary.warnings).toBe(report.filter((r) => r.severity === "warning").length);
  const ids = [...new Set(sink.written.map((r) => r.victim.externalId))].sort();
  const problems = report.map((r) => `${r.line}:${r.severity}:${r.code}`);
  return { summary, report, ids, problems, sink };
}

describe.each([
  ["in the main thread", false],
  ["in a reading thread", true],
])("importing bad victim files, read %s", (_where, inThread) => {
  beforeAll(() => {
    readInThread = inThread;
  });
  afterAll(() => {
    readInThread = false;
  });

  it("wrong delimiter: refuses the row and says which delimiter it seems to use", async () => {
    const { ids, report, summary } = await importFile("wrong-delimiter.csv");
    expect(summary.delimiter).toBe(";");
    expect(ids).toEqual(["W1", "W3"]);
    expect(report).toEqual([
      expect.objectContaining({ line: "3", code: "field-count", reason: expect.stringContaining('","') }),
    ]);
  });

  it("broken quotes: only the broken rows are lost", async () => {
    const { ids, problems, sink } = await importFile("broken-quotes.csv");
    expect(ids).toEqual(["Q2", "Q3", "Q5", "Q6"]);
    expect(problems).toEqual(["2:error:quote-text-after", "5:error:quote-text-after"]);
    const names = Object.fromEntries(sink.written.map((r) => [r.victim.externalId, r.victim.name]));
    expect(names).toEqual({ Q2: "Bakker", Q3: "de Vries", Q5: 'Jan "de" Boer', Q6: "Tweede regel" });
    expect(sink.written.find((r) => r.victim.externalId === "Q6")?.line).toBe(7);
  });

  it("unknown columns, categories and flags: one warning per column, row errors with suggestions", async () => {
    const { ids, report } = await importFile("unknown-columns-and-categories.csv");
    expect(ids).toEqual(["U1"]);
    const byCode = (code: string) =>
      report.filter((r) => r.code === code).map((r) => `${r.line} ${r.column}: ${r.reason}`);
    expect(byCode("column-unknown")).toEqual([
      '1 e-mail: unknown column "e-mail": its values are ignored; did you mean "email"?',
      '1 telefon: unknown column "telefon": its values are ignored; did you mean "phone"?',
      '1 favourite_colour: unknown column "favourite_colour": its values are ignored',
    ]);
    expect(byCode("category-unknown")).toEqual([
      '3 categories: unknown category "emial"; did you mean "email"?',
    ]);
    expect(byCode("category-not-allowed")[0]).toMatch(
      /^4 categories: category "health" is not among the breach's categories/,
    );
    expect(byCode("flag-unknown")).toEqual(['5 flags: unknown flag "decaesed"; did you mean "deceased"?']);
  });

  it("formula injection: no report cell starts a formula, and the values are kept as data", async () => {
    const { report, ids, sink } = await importFile("formula-injection.csv");
    const raw = readFileSync(join(folder, `report-${counter}.csv`), "utf8");
    for (const cell of raw.split(/[,\r\n]/)) expect(cell).not.toMatch(/^[=+\-@\t]/);
    expect(ids).toEqual(["=F1", "F3"]);
    expect(report.find((r) => r.line === "3" && r.code === "segment")?.value).toBe("'=cmd|x");
    expect(report.find((r) => r.line === "4" && r.column === "email")?.code).toBe("email-syntax");
    expect(sink.written.find((r) => r.victim.externalId === "=F1")?.victim.name).toBe(
      '=HYPERLINK("http://example.org/x")',
    );
  });

  it("e-mail header injection: the address is dropped, the person is kept, and the report does not echo it", async () => {
    const { problems, ids, report, sink } = await importFile("email-header-injection.csv");
    expect(ids).toEqual(["E1", "E2", "E3", "E4", "E5", "E6"]);
    expect(problems).toEqual([
      "2:warning:email-injection",
      "4:warning:email-injection",
      "4:warning:unreachable",
      "6:warning:email-not-plain",
      "6:warning:unreachable",
      "7:warning:email-several",
      "7:warning:unreachable",
      "8:warning:email-not-plain",
      "8:warning:unreachable",
    ]);
    expect(sink.written.filter((r) => r.victim.email !== null).map((r) => r.victim.externalId)).toEqual([
      "E6",
    ]);
    expect(report.map((r) => r.value).join(" ")).not.toMatch(/victim@|e1@|e5@/);
  });

  it("phone numbers in many shapes end up as E.164", async () => {
    const { sink, problems } = await importFile("phone-formats.csv");
    const phones = Object.fromEntries(sink.written.map((r) => [r.victim.externalId, r.victim.phone]));
    expect(phones).toMatchObject({
      P1: "+31612345678",
      P2: "+31612345678",
      P3: "+31612345678",
      P4: "+31612345678",
      P5: "+31612345678",
      P6: "+31612345678",
      P7: "+31201234567",
      P8: "+32470123456",
      P9: "+4915123456789",
      P10: null,
      P11: null,
      P12: null,
      P13: "+31612345678",
    });
    expect(problems).toContain("8:warning:phone-landline");
    expect(problems).toContain("11:warning:phone-invalid");
    expect(problems).toContain("13:warning:phone-syntax");
    // Seven rows hold the same mobile number: the six after the first are reported.
    expect(problems.filter((p) => p.endsWith("duplicate-contact")).length).toBe(6);
  });

  it("JSON Lines: a broken line is reported and the others arrive", async () => {
    const { ids, problems, sink, summary } = await importFile("broken-line.jsonl");
    expect(summary.format).toBe("jsonl");
    expect(ids).toEqual(["J1", "J3", "J5"]);
    expect(problems).toEqual([
      "2:error:json",
      "4:warning:column-unknown",
      "5:error:json",
      "6:error:json-value",
    ]);
    expect(sink.written.find((r) => r.victim.externalId === "J3")?.victim.phone).toBe("+31612345678");
    expect(sink.written.find((r) => r.victim.externalId === "J5")?.victim.contact?.role).toBe("guardian");
    expect(summary.rows).toBe(6);
  });

  it("invalid UTF-8: the row is refused with a hint, the rest is read", async () => {
    const bytes = Buffer.concat([
      Buffer.from("external_id,name,email\nB1,Jos"),
      Buffer.from([0xe9]),
      Buffer.from(",b1@example.org\nB2,José,b2@example.org\n"),
    ]);
    const { ids, report } = await importFile(bytes);
    expect(ids).toEqual(["B2"]);
    expect(report).toEqual([
      expect.objectContaining({ line: "2", code: "encoding", reason: expect.stringContaining("UTF-8") }),
    ]);
  });

  it("a 1 MB field: that row is refused, the next one is read", async () => {
    const bytes = Buffer.from(
      `external_id,name,email\nBIG,${"x".repeat(1024 * 1024)},big@example.org\nOK,Ok,ok@example.org\n`,
    );
    const { ids, problems } = await importFile(bytes);
    expect(ids).toEqual(["OK"]);
    expect(problems).toEqual(["2:error:row-too-long"]);
  });

  it("a byte-order mark, CRLF line ends and a semicolon header are read as normal", async () => {
    const bytes = Buffer.from(
      '\uFEFFExternal_ID;Email;Name\r\nC1;c1@example.org;Cor\r\n\r\nC2;c2@example.org;"Ca;rla"\r\n;;\r\nC3;c3@example.org; "Smit; ""J""" \r\n',
    );
    const { ids, problems, sink, summary } = await importFile(bytes);
    expect(ids).toEqual(["C1", "C2", "C3"]);
    expect(problems).toEqual([]);
    expect(summary.rows).toBe(3);
    expect(sink.written.map((r) => [r.line, r.victim.name])).toEqual([
      [2, "Cor"],
      [4, "Ca;rla"],
      [6, 'Smit; "J"'],
    ]);
  });

  it.each([
    ["empty.csv", "empty"],
    ["header-only.csv", "no-rows"],
    ["no-external-id.csv", "no-external-id"],
  ])("%s cannot be read as a victim file (the CLI exits with 2)", async (file, code) => {
    const sink = createInMemorySinkForTests();
    const reportPath = join(folder, `fatal-${file}.csv`);
    const failure = importVictimFile(new URL(file, fixtures).pathname, {
      breachCategories: BREACH,
      sink,
      report: reportPath,
      readInThread,
    });
    await expect(failure).rejects.toBeInstanceOf(VictimFileError);
    await expect(failure).rejects.toMatchObject({ code });
    expect(readFileSync(reportPath, "utf8")).toContain(`,error,${code},`);
    expect(sink.written).toEqual([]);
  });

  it("refuses a missing file as unreadable", async () => {
    await expect(
      importVictimFile(join(folder, "missing.csv"), {
        breachCategories: BREACH,
        sink: createInMemorySinkForTests(),
        report: join(folder, "m.csv"),
        readInThread,
      }),
    ).rejects.toMatchObject({ code: "unreadable" });
  });
});

describe("importing from a stream", () => {
  it("detects JSON Lines from the first byte and reports progress to the end", async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) =>
      JSON.stringify({ external_id: `S${i}`, email: `s${i}@example.org` }),
    );
    const body = Buffer.from(`${lines.join("\n")}\n`);
    const events: ImportProgress[] = [];
    const sink = createInMemorySinkForTests();
    const summary: ImportSummary = await importVictimFile(
      Readable.from([body.subarray(0, 1000), body.subarray(1000)]),
      {
        breachCategories: BREACH,
        sink,
        report: join(folder, "stream.csv"),
        totalBytes: body.length,
        batchSize: 700,
        onProgress: (p) => events.push(p),
      },
    );
    expect(summary).toMatchObject({
      format: "jsonl",
      rows: 5_000,
      imported: 5_000,
      rejected: 0,
      report: join(folder, "stream.csv"),
    });
    const last = events.at(-1);
    expect(last).toMatchObject({
      done: true,
      rows: 5_000,
      accepted: 5_000,
      bytesRead: body.length,
      totalBytes: body.length,
      etaSeconds: 0,
    });
  });
});

describe("reading in a thread of its own", () => {
  // Every 7th row has a bad e-mail (a warning, the row is kept), every 11th an unknown category (an error,
  // the row is refused), every 13th repeats an earlier external id (superseded).
  const lines = ["external_id,email,categories"];
  for (let i = 0; i < 12_000; i++) {
    const id = i % 13 === 12 ? `T${i - 5}` : `T${i}`;
    const email = i % 7 === 0 ? `t${i}@@example.org` : `t${i}@example.org`;
    lines.push(`${id},${email},${i % 11 === 0 ? "shoe-size" : "email"}`);
  }
  const file = join(folder, "threaded.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);

  const run = async (inThread: boolean, input: string | Readable = file) => {
    const reportPath = join(folder, `threaded-${inThread}-${++counter}.csv`);
    const sink = createInMemorySinkForTests();
    const events: ImportProgress[] = [];
    const summary = await importVictimFile(input, {
      breachCategories: BREACH,
      sink,
      report: reportPath,
      batchSize: 1_000,
      readInThread: inThread,
      onProgress: (p) => events.push(p),
      ...(typeof input === "string" ? {} : { format: "csv" as const }),
    });
    const { durationMs: _, ...rest } = summary;
    return { summary: rest, report: readFileSync(reportPath, "utf8"), sink, last: events.at(-1) };
  };

  it("gives the same rows, in the same order, the same report and the same counts as the main thread", async () => {
    const here = await run(false);
    const there = await run(true);
    expect(there.summary).toEqual({ ...here.summary, report: there.summary.report });
    expect(there.summary).toMatchObject({ rows: 12_000, rejected: 1_091 });
    expect(there.report).toBe(here.report);
    expect(there.report).toContain(",error,category-unknown,");
    expect(there.report).toContain(",warning,email-syntax,");
    expect(there.sink.written.map((r) => r.line)).toEqual(here.sink.written.map((r) => r.line));
    expect(there.sink.written).toEqual(here.sink.written);
    expect(there.last).toMatchObject({ done: true, rows: 12_000, accepted: 12_000 - 1_091 });
  });

  it("fails the import with the input's own error when the stream breaks, after handing on what came before", async () => {
    const body = readFileSync(file);
    async function* breaking() {
      yield body.subarray(0, 200_000);
      throw Object.assign(new Error("the upload broke off"), { name: "UploadError" });
    }
    const sink = createInMemorySinkForTests();
    await expect(
      importVictimFile(Readable.from(breaking()), {
        breachCategories: BREACH,
        sink,
        report: join(folder, "broken-stream.csv"),
        format: "csv",
        batchSize: 1_000,
        readInThread: true,
      }),
    ).rejects.toMatchObject({ name: "UploadError", message: "the upload broke off" });
    expect(sink.written.length).toBeGreaterThan(1_000);
  });
});

describe("the sample victim file", () => {
  it("imports as docs/victim-file.md describes", async () => {
    const { summary, problems } = await importFile(
      new URL("../examples/victims-sample.csv", import.meta.url).pathname,
    );
    expect(summary).toMatchObject({ rows: 20, imported: 16, rejected: 3, superseded: 1, unreachable: 1 });
    expect(problems).toEqual([
      "13:error:category-unknown",
      "14:error:flag-unknown",
      "15:warning:email-syntax",
      "15:warning:unreachable",
      "16:warning:phone-landline",
      "17:warning:postcode",
      "17:warning:address-incomplete",
      "20:error:contact-role-flag",
      "4:warning:superseded",
      "19:warning:duplicate-contact",
    ]);
  });
});

describe("the staging sink behind the real pipeline", () => {
  it("gives the same summary and report on PGlite as the in-memory reference, and nothing changes on a re-import", {
    timeout: 120_000,
  }, async () => {
    const sample = new URL("../examples/victims-sample.csv", import.meta.url).pathname;
    const reference = await importFile(sample);
    const db = await openTestDatabase("pglite");
    try {
      const writer = createInMemoryWriterForTests();
      const runOnce = async (name: string) => {
        const reportPath = join(folder, name);
        const summary = await withImportLedger(db.db, (ledger) =>
          importVictimFile(sample, {
            breachCategories: BREACH,
            sink: createStagingSink({ ledger, writer }),
            report: reportPath,
          }),
        );
        return { summary, report: readFileSync(reportPath, "utf8") };
      };
      const first = await runOnce("staging-1.csv");
      const { durationMs: _a, report: _ra, ...firstCounts } = first.summary;
      const { durationMs: _b, report: _rb, ...referenceCounts } = reference.summary;
      expect(firstCounts).toEqual(referenceCounts);
      expect(first.report).toBe(readFileSync(join(folder, `report-${counter}.csv`), "utf8"));
      const second = await runOnce("staging-2.csv");
      expect(second.summary).toMatchObject({
        imported: 0,
        updated: 0,
        unchanged: 16,
        rejected: 3,
        superseded: 1,
      });
    } finally {
      await db.close();
    }
  });
});
