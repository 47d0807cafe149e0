import Bowser from "bowser";

export type Device = { browser: string | null; os: string | null; type: string | null; label: string };

// Parsing is regex-heavy and the same few agents come back on every request: remember them.
const parsed = new Map<string, Device>();
const maxRemembered = 1000;

/** "Chrome 156 on Linux", from a user agent, for people to recognise their devices. */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { browser: null, os: null, type: null, label: "Unknown device" };
  let device = parsed.get(userAgent);
  if (!device) {
    if (parsed.size >= maxRemembered) parsed.clear();
    device = parseDevice(userAgent);
    parsed.set(userAgent, device);
  }
  return device;
}

function parseDevice(userAgent: string): Device {
  const result = Bowser.parse(userAgent);
  const majorVersion = result.browser.version?.split(".")[0];
  const browser = result.browser.name ? [result.browser.name, majorVersion].filter(Boolean).join(" ") : null;
  const os = result.os.name ? [result.os.name, result.os.versionName ?? result.os.version].filter(Boolean).join(" ") : null;
  const type = result.platform.type ?? null;
  const label = browser && os ? `${browser} on ${os}` : (browser ?? os ?? "Unknown device");
  return { browser, os, type, label };
}
