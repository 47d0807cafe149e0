import Bowser from "bowser";

export type Device = { browser: string | null; os: string | null; type: string | null; label: string };

/** "Chrome 156 on Linux", from a user agent, for people to recognise their devices. */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { browser: null, os: null, type: null, label: "Unknown device" };
  const parsed = Bowser.parse(userAgent);
  const majorVersion = parsed.browser.version?.split(".")[0];
  const browser = parsed.browser.name ? [parsed.browser.name, majorVersion].filter(Boolean).join(" ") : null;
  const os = parsed.os.name ? [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(" ") : null;
  const type = parsed.platform.type ?? null;
  const label = browser && os ? `${browser} on ${os}` : (browser ?? os ?? "Unknown device");
  return { browser, os, type, label };
}
