import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { newPerson, SignUpPage } from "../pages/auth-pages";
import { expect, test } from "../pages/fixtures";
import { freePort } from "../helpers/free-port";
import { startAppServer, watchProcess, ROOT, type Watched } from "../helpers/processes";

/**
 * Issue 9, item 5, on the real production server: `next start` is SIGKILLed (its whole process
 * group) while a document import sits inside its transaction (QUALCODE_FAULT_POINT, see
 * lib/server/fault-point.ts), then started again without it. Nothing of the import is left, the
 * same import now succeeds, and the researcher's browser session carries on. On PGlite the lock
 * file the killed server left behind is taken over at the restart, and while the first server
 * holds the directory a second one is refused with a clear message. The Vitest suite
 * (tests/faults) kills the other operations in a child process; this proves the app's own
 * restart path.
 */
const usePostgres = !!process.env.DATABASE_URL;
const POINT = "document-import.in-transaction";
const TITLE = "Interview cut short";
const TEXT = "The delegate spoke of pressure from donors.\n\nThe minister called it a sovereignty claim.";

test("SIGKILL in the middle of a document import: after the restart nothing of it is left and the import succeeds", async ({ browser }) => {
  test.setTimeout(180_000);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-crash-e2e-"));
  let databaseName: string | undefined;
  let server: Watched | undefined;
  const env: Record<string, string> = { DATA_DIR: path.join(workDir, "data") };
  try {
    if (usePostgres) {
      databaseName = `qc_crash_${Date.now().toString(36)}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${databaseName}"`);
      await admin.end();
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${databaseName}`;
      env.DATABASE_URL = url.toString();
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startAppServer(port, { ...env, QUALCODE_FAULT_POINT: POINT });

    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    const person = newPerson("Crash");
    await new SignUpPage(page).signUp(person);
    const tokenRes = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: person.email, password: person.password }) });
    const { token } = (await tokenRes.json()) as { token: string };
    const api = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };
    const project = await api("POST", "/projects", { name: "Crash during import" });
    expect(project.status).toBe(201);
    const projectId = project.body.id as string;

    // The import stops inside its transaction; the request never gets an answer.
    const pending = api("POST", `/projects/${projectId}/documents`, { title: TITLE, text: TEXT }).catch((error: unknown) => error);
    await server.waitFor(new RegExp(`fault point reached: ${POINT.replace(/\./g, "\\.")}`));

    if (!usePostgres) {
      // A second server on the same directory refuses to start, and says why.
      const second = watchProcess(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(await freePort()), "-H", "127.0.0.1"], {
        ...process.env,
        ...env,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
        NEXT_TELEMETRY_DISABLED: "1",
      });
      const exit = await Promise.race([second.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 60_000))]);
      await second.kill("SIGKILL");
      expect(exit).toEqual({ code: 1, signal: null });
      expect(second.output()).toMatch(/cannot start: The embedded database in .* is already in use by another process \(pid \d+\)/);
    }

    const killed = await server.kill("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    expect(await pending).toBeInstanceOf(Error); // the connection died with the server
    if (!usePostgres) expect(fs.existsSync(path.join(env.DATA_DIR!, ".db.lock"))).toBe(true);

    // Restart without the fault point, on the same data.
    server = await startAppServer(port, env);
    const empty = await api("GET", `/projects/${projectId}/documents`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get("x-total-count")).toBe("0");
    expect((await api("GET", `/projects/${projectId}/activity?type=document.imported`)).body).toEqual([]);

    const imported = await api("POST", `/projects/${projectId}/documents`, { title: TITLE, text: TEXT });
    expect(imported.status).toBe(201);
    const listed = await api("GET", `/projects/${projectId}/documents`);
    expect(listed.headers.get("x-total-count")).toBe("1");
    expect((await api("GET", `/projects/${projectId}/activity?type=document.imported`)).body).toHaveLength(1);

    // The browser session survives the restart, and the page shows the document.
    await page.goto(`/projects/${projectId}/documents`);
    await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
    await context.close();
  } catch (error) {
    if (server) console.error(`[crash-restart] server output:\n${server.output().slice(-5_000)}`);
    throw error;
  } finally {
    await server?.kill("SIGKILL");
    if (databaseName) {
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${databaseName}" with (force)`).catch(() => {});
      await admin.end();
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});
