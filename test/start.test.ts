import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoVictims } from "../src/cli/demo.ts";

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGTERM");
});

describe("npm start (embedded mode)", () => {
  it("serves the home page and the OpenAPI document on a fresh data folder within 60 seconds", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lekwijzer-start-"));
    const port = await freePort();
    const output: string[] = [];
    child = spawn(process.execPath, [resolve("src/cli/main.ts"), "serve"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: "",
        LOG_LEVEL: "info",
        LEKWIJZER_DEMO: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => output.push(String(chunk)));
    child.stderr?.on("data", (chunk) => output.push(String(chunk)));
    const url = `http://127.0.0.1:${port}`;
    const elapsed = await waitForReady(url, child, 60_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${output.join("")}`);
    });
    expect(elapsed).toBeLessThan(60_000);

    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Hulp na een datalek");
    const openapi = await fetch(`${url}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");

    // Embedded mode has the outbox pages and the metrics, both answered to this machine (the test is here).
    const outbox = await fetch(`${url}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.headers.get("cache-control")).toBe("no-store");
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("# TYPE lekwijzer_deliveries gauge");

    // The master secret is never printed.
    const { readFileSync } = await import("node:fs");
    const secret = readFileSync(join(dataDir, "master.key"), "utf8").trim();
    expect(output.join("")).not.toContain(secret);
    expect(output.join("")).toContain("Lekwijzer is running");
    expect(output.join("")).toContain("demo breach loaded");
    for (const person of demoVictims()) {
      if (person.email) expect(output.join("")).not.toContain(person.email);
      if (person.name) expect(output.join("")).not.toContain(person.name);
    }
  }, 90_000);
});
