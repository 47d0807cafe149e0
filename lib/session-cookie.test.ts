import { afterEach, describe, expect, it, vi } from "vitest";
import { getConfig, loadConfigForTest } from "./config";
import { clearSessionCookie, sealSessionToken, setSessionCookie, unsealSessionToken } from "./session-cookie";

const oldSecret = "old-secret-old-secret-old-secret-0123456789";
const newSecret = "new-secret-new-secret-new-secret-0123456789";

afterEach(() => {
  vi.useRealTimers();
  loadConfigForTest(process.env);
});

describe("sealing", () => {
  it("round-trips a token and hides it", async () => {
    const seal = await sealSessionToken("the-token");
    expect(seal).not.toContain("the-token");
    expect(seal.length).toBeLessThan(4096);
    expect(await unsealSessionToken(seal)).toBe("the-token");
  });

  it("never accepts tampered, truncated or garbage values, and never throws", async () => {
    const seal = await sealSessionToken("the-token");
    const flipped = seal.slice(0, 60) + (seal[60] === "a" ? "b" : "a") + seal.slice(61);
    const candidates = [
      "",
      "garbage",
      flipped,
      seal.slice(0, -1),
      seal.slice(0, seal.length / 2),
      seal + "x",
      seal.replace(/\*\d{10,}\*/, "*notanumber*"),
      seal.replaceAll("*", "**"),
      "Fe26.2*1*a*b*c*d*e*f~2",
      "Fe26.2**********~2",
      "x".repeat(5000),
      "\u0000\u0001",
    ];
    for (const value of candidates) expect(await unsealSessionToken(value)).toBeNull();
    expect(await unsealSessionToken(undefined)).toBeNull();
  });

  it("refuses a seal past its own expiry, even one it unsealed before", async () => {
    loadConfigForTest({ ...process.env, SESSION_ABSOLUTE_TIMEOUT: "600" });
    const seal = await sealSessionToken("the-token");
    expect(await unsealSessionToken(seal)).toBe("the-token");
    // iron allows a minute of clock skew past the expiry written in the seal.
    vi.useFakeTimers({ now: Date.now() + 662_000, toFake: ["Date"] });
    expect(await unsealSessionToken(seal)).toBeNull();
  });
});

describe("secret rotation", () => {
  const env = (secrets: string) => ({ ...process.env, SESSION_SECRET: secrets });

  it("seals with the first secret and unseals with any listed one", async () => {
    loadConfigForTest(env(oldSecret));
    const sealedWithOld = await sealSessionToken("old-token");

    loadConfigForTest(env(`${newSecret},${oldSecret}`));
    expect(await unsealSessionToken(sealedWithOld)).toBe("old-token");
    const sealedWithNew = await sealSessionToken("new-token");

    loadConfigForTest(env(newSecret));
    expect(await unsealSessionToken(sealedWithNew)).toBe("new-token");
    expect(await unsealSessionToken(sealedWithOld)).toBeNull();
  });

  it("accepts the secrets in any order once sealed", async () => {
    loadConfigForTest(env(`${newSecret} ${oldSecret}`));
    const seal = await sealSessionToken("t");
    loadConfigForTest(env(`${oldSecret} ${newSecret}`));
    expect(await unsealSessionToken(seal)).toBe("t");
  });
});

describe("cookie attributes", () => {
  type Written = { name: string; value: string; options: Record<string, unknown> };
  const writer = () => {
    const written: Written[] = [];
    return { written, set: (name: string, value: string, options: Record<string, unknown>) => written.push({ name, value, options }) };
  };
  const deadlines = (persistent: boolean) => ({
    persistent,
    idleExpiresAt: new Date("2030-01-02T00:00:00Z"),
    absoluteExpiresAt: new Date("2030-01-30T00:00:00Z"),
  });

  it("is HttpOnly, SameSite=Lax, Path=/, without Domain; a browser-session cookie by default", () => {
    const w = writer();
    setSessionCookie(w, "seal", deadlines(false));
    expect(w.written[0]).toEqual({
      name: getConfig().sessionCookieName,
      value: "seal",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false },
    });
  });

  it("expires with the session's nearer deadline when remembered", () => {
    const w = writer();
    setSessionCookie(w, "seal", deadlines(true));
    expect(w.written[0]?.options.expires).toEqual(new Date("2030-01-02T00:00:00Z"));
  });

  it("is Secure with the __Host- prefix over https, and on localhost in production", () => {
    expect(loadConfigForTest({ ...process.env, APP_URL: "https://auth.example.com" }).sessionCookieName).toBe("__Host-session");
    expect(loadConfigForTest({ ...process.env, APP_URL: "https://auth.example.com" }).secureCookies).toBe(true);
    const production = loadConfigForTest({ ...process.env, NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    expect(production.sessionCookieName).toBe("__Host-session");
    expect(loadConfigForTest({ ...process.env, SESSION_COOKIE_NAME: "sid" }).sessionCookieName).toBe("sid");
  });

  it("is cleared with the same attributes, so browsers accept the deletion of a __Host- cookie", () => {
    loadConfigForTest({ ...process.env, APP_URL: "https://auth.example.com" });
    const w = writer();
    clearSessionCookie(w);
    expect(w.written[0]).toMatchObject({ name: "__Host-session", value: "", options: { secure: true, path: "/", maxAge: 0 } });
  });
});
