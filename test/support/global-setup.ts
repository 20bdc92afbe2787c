/**
 * Runs once before the test workers start. When the browser comes from @sparticuz/chromium, its binary is
 * unpacked into the temporary folder on first use; doing that here, once, keeps parallel browser test files
 * from racing each other (one could otherwise start a half-written binary). Failure is left to the browser
 * test files, which skip or (under CI=true) fail with a clear line.
 */
import { existsSync } from "node:fs";

export default async function setup(): Promise<void> {
  if (process.env.CHROMIUM_PATH || existsSync("/usr/bin/chromium")) return;
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    await packaged.executablePath();
  } catch {
    // Reported by test/support/browser.ts in each browser test file.
  }
}
