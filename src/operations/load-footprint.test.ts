/**
 * What a process pays for loading the operations layer before it does anything: an import or a CLI command
 * loads it whole, so the libraries only some work needs (sending and parsing mail, the outbox's SMTP server,
 * PDFs, the job queue: ~28 MB of code together) are loaded where they are first used, not with their modules.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const LOADED_WHEN_USED = ["mailparser", "nodemailer", "pdfkit", "pg-boss", "smtp-server"];

/** Every specifier resolved while a fresh node process imports `entry`. */
function specifiersResolvedBy(entry: URL): string[] {
  const script = `
    import { registerHooks } from "node:module";
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) { seen.add(specifier); return next(specifier, context); } });
    await import(${JSON.stringify(entry.href)});
    console.log(JSON.stringify([...seen]));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "--eval", script], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe("loading the operations layer", () => {
  it("leaves the mail, PDF and queue libraries unloaded until something uses them", () => {
    const seen = specifiersResolvedBy(new URL("./index.ts", import.meta.url));
    // The hook saw the packages the layer does load, so an empty list below means something.
    expect(seen).toEqual(expect.arrayContaining(["kysely", "libphonenumber-js/max"]));
    const early = seen.filter((specifier) =>
      LOADED_WHEN_USED.some((name) => specifier === name || specifier.startsWith(`${name}/`)),
    );
    expect(early).toEqual([]);
  }, 30_000);
});
