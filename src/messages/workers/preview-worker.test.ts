import { afterAll, describe, expect, it } from "vitest";
import { sampleSetup } from "../sample.ts";
import { TemplateError } from "../template/template.ts";
import { closePreviewWorkers, renderPreviewInWorker } from "./preview-worker.ts";
import { RenderTimeoutError } from "./threads.ts";

afterAll(closePreviewWorkers);

describe("renderPreviewInWorker", () => {
  it("renders every channel off the event loop and returns the letter as a Buffer", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const preview = await renderPreviewInWorker({ verificationCode: "K7QX-M3PA-9RTW-XH4C" });
    clearInterval(timer);
    expect(preview.email.text).toContain("K7QX-M3PA-9RTW-XH4C");
    expect(Buffer.isBuffer(preview.letter?.pdf)).toBe(true);
    expect(preview.letter?.pdf.subarray(0, 8).toString()).toBe("%PDF-1.7");
    expect(preview.sms.segments).toBeGreaterThan(0);
    // The event loop kept running while the worker rendered.
    expect(ticks).toBeGreaterThan(2);
  });

  it("stops a render that passes its time limit with a clear error, and keeps working afterwards", async () => {
    const error = await renderPreviewInWorker({}, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderTimeoutError);
    expect((error as Error).message).toBe("message preview took longer than 5 ms and was stopped");
    const again = await renderPreviewInWorker({});
    expect(again.findings.length).toBeGreaterThanOrEqual(0);
    expect(again.message.subject).not.toBe("");
  });

  it("passes a hostile template's TemplateError back quickly, naming the placeholder", async () => {
    const setup = sampleSetup();
    const source = Array.from({ length: 300 }, () => "Doe dit: ((your_steps))").join("\n\n");
    setup.overrides = { "what-you-can-do": { nl: source, en: source } };
    const start = performance.now();
    const error = await renderPreviewInWorker({ setup }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).placeholder).toBe("your_steps");
    expect((error as Error).message).toMatch(/^what-you-can-do \(nl\), line \d+: \(\(your_steps\)\)/);
    expect(performance.now() - start).toBeLessThan(3_000);
  });
});
