import { expect, type BrowserContext, type Page } from "@playwright/test";

/** The script payloads the XSS test stores: each sets `window.__pwned` if it ever runs. */
export const VECTORS = {
  script: "<script>window.__pwned=1</script>",
  img: `<img src=x onerror="window.__pwned=1">`,
  svg: `"><svg onload=window.__pwned=1>`,
  js: "javascript:window.__pwned=1",
  template: "{{constructor.constructor('window.__pwned=1')()}}",
} as const;

export type Violation = { page: string; directive: string; blocked: string; sample: string; source: string };

/**
 * Watches a browser context for any sign of a script that ran or tried to: dialogs (alert,
 * confirm), Content-Security-Policy violations (an injected inline script, or an app script the
 * policy wrongly blocks — either is a bug; stored text must reach the page as text, so nothing
 * should even try), and uncaught page errors.
 */
export class ScriptWatch {
  readonly dialogs: string[] = [];
  readonly violations: Violation[] = [];
  readonly errors: string[] = [];

  static async on(context: BrowserContext): Promise<ScriptWatch> {
    const watch = new ScriptWatch();
    await context.exposeBinding("__qcCspViolation", ({ page }, v: Omit<Violation, "page">) => watch.violations.push({ page: page.url(), ...v }));
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __qcCspViolation: (v: object) => void }).__qcCspViolation({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          source: `${e.sourceFile}:${e.lineNumber}`,
        });
      });
    });
    context.on("page", (page) => watch.attach(page));
    for (const page of context.pages()) watch.attach(page);
    return watch;
  }

  private attach(page: Page) {
    page.on("dialog", (dialog) => {
      this.dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => this.errors.push(`${page.url()}: ${error.message}`));
  }

  /** Nothing ran on this page (so far). */
  async expectClean(page: Page) {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), page.url()).toBeUndefined();
    expect(this.dialogs).toEqual([]);
    expect(this.violations).toEqual([]);
    expect(this.errors).toEqual([]);
  }
}
