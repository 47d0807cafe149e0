// Which Chromium the browser tests drive: CHROMIUM_PATH if set, else Playwright's
// own browser if installed, else the system's (Debian's `chromium` package).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";

const systemCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** A path for a system browser, undefined for Playwright's own, null when there is none. */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No Playwright browser registered for this platform.
  }
  return systemCandidates.find((candidate) => fs.existsSync(candidate)) ?? null;
}

/** Like findChromium, but installs Debian's Chromium when it can (root on Debian) and says what to do when it cannot. */
export function ensureChromium() {
  const found = findChromium();
  if (found !== null) return found;
  const isDebian = fs.existsSync("/etc/debian_version");
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    console.log("No Chromium found: installing Debian's chromium package for the browser tests.");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    const installed = findChromium();
    if (installed !== null) return installed;
  }
  console.error(
    "No browser for the browser tests. Run `npx playwright install chromium`, " +
      "or install your system's Chromium and set CHROMIUM_PATH to its executable.",
  );
  process.exit(1);
}

// Flags that keep a system Chromium quiet on a machine without network access.
export const systemChromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
