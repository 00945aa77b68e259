// Finds a Chromium for Playwright: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
// Playwright's own download. Never returns silently empty-handed: the caller fails loudly.
import fs from "node:fs";

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) return { executablePath: candidate, source: candidate === process.env.CHROMIUM_PATH ? "CHROMIUM_PATH" : "system" };
  }
  return null;
}

export const NO_BROWSER_MESSAGE = [
  "No Chromium found for the browser tests.",
  "Install one, then run the tests again:",
  "  Debian/Ubuntu:  sudo apt-get install -y chromium",
  "  or point to any Chromium/Chrome:  CHROMIUM_PATH=/path/to/chrome npm test",
  "  or use Playwright's own browser:  npx playwright install chromium && PLAYWRIGHT_BUNDLED=1 npm test",
].join("\n");
