#!/usr/bin/env node
// Takes the README screenshot from a running app, as a new user would see it: signs up,
// creates a project, opens its codebook. Usage: node scripts/readme-screenshot.mjs [baseUrl] [out.png]
import { chromium } from "@playwright/test";
import { findChromium } from "../tests/browser.mjs";

const base = process.argv[2] ?? "http://localhost:3000";
const out = process.argv[3] ?? "docs/screenshot.png";
const browser = await chromium.launch({
  executablePath: findChromium()?.executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const email = `researcher.${Date.now()}@example.org`;
await page.goto(`${base}/sign-up`);
await page.getByLabel("Name").fill("Linh Tran");
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill("a long enough password");
await page.getByRole("button", { name: /create account/i }).click();
await page.waitForURL(/\/projects/);
await page.getByRole("button", { name: /new project/i }).first().click();
await page.getByLabel(/name/i).first().fill("Why Vietnam ratified the CAT");
await page.getByRole("button", { name: /create project/i }).click();
await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
await page.getByText("sovereignty claim").first().waitFor();
await page.screenshot({ path: out });
await browser.close();
console.log(`saved ${out}`);
