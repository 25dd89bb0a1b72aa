// Launches Debian's Chromium through playwright-core with the flags this closed network needs.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

/** ARTIFACTS is where screenshots go (ignored by git). */
export const ARTIFACTS = join(process.cwd(), "test-artifacts");

/** launchChromium starts a headless /usr/bin/chromium (playwright gives it a fresh temporary profile). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
