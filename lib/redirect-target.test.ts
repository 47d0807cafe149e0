import { describe, expect, it } from "vitest";
import { getConfig } from "./config";
import { offSiteTargets } from "@/e2e/support/off-site-targets";
import { defaultRedirectPath, resolveRedirectTarget } from "./redirect-target";

describe("resolveRedirectTarget", () => {
  it.each(Object.entries(offSiteTargets))("refuses %s", (_name, value) => {
    expect(resolveRedirectTarget(value)).toBe(defaultRedirectPath);
  });

  it("keeps a path on this site with its query and fragment", () => {
    expect(resolveRedirectTarget("/account/sessions?x=1")).toBe("/account/sessions?x=1");
    expect(resolveRedirectTarget("/account/security?notice=a%20b#top")).toBe("/account/security?notice=a%20b#top");
  });

  it("keeps this site's own absolute URL, as a path", () => {
    expect(resolveRedirectTarget(`${getConfig().appOrigin}/account/sessions?x=1`)).toBe("/account/sessions?x=1");
  });

  it("hands out dot segments resolved and other characters encoded", () => {
    expect(resolveRedirectTarget("/account/../dashboard")).toBe("/dashboard");
    expect(resolveRedirectTarget("/account/caf\u00e9")).toBe("/account/caf%C3%A9");
  });

  it("gives the fallback for what is not a string, empty or very long", () => {
    for (const value of [undefined, null, 42, ["/account"], { href: "/account" }, ""]) {
      expect(resolveRedirectTarget(value)).toBe(defaultRedirectPath);
    }
    expect(resolveRedirectTarget(`/${"a".repeat(5000)}`)).toBe(defaultRedirectPath);
    expect(resolveRedirectTarget("//evil.example", "/login")).toBe("/login");
  });
});
