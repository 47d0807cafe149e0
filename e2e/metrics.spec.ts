import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { callFrom, loopback } from "./support/loopback";
import { startServer, type TestServer } from "./support/server";

// GET /api/metrics on a server of its own, so that every count is this test's: what a
// sign-in, a wrong password and a throttled attempt move, and who may read them.

const token = "e2e-metrics-token-0123456789-abcdefghij";
const remote = { "X-Forwarded-For": "203.0.113.9" };

type Samples = Map<string, number>;

/** `name{labels} value` lines of the Prometheus text, keyed by `name{labels}`. */
function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

test.describe("GET /api/metrics", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    // One free failure: the second wrong password in a row waits a second, so the third attempt is throttled.
    // 127.0.0.1 stands for a reverse proxy: what it forwards comes from the address it names.
    server = await startServer({ RATE_LIMIT_ACCOUNT_FREE_FAILURES: "1", TRUSTED_PROXIES: "127.0.0.1", METRICS_TOKEN: token });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  const scrape = async () => {
    const response = await callFrom(loopback(1), server.url, "GET", "/api/metrics");
    expect(response.status).toBe(200);
    return parseSamples(response.body as string);
  };

  test("counts a success, a wrong password and a throttled attempt exactly, and the sessions they leave", async () => {
    const before = await scrape();
    const owner = await registerUser(server.url);
    expect((await logIn(server.url, owner.email)).status).toBe(200);
    expect((await logIn(server.url, owner.email, "not the password at all")).status).toBe(401);
    const throttled = await logIn(server.url, owner.email, goodPassword);
    expect(throttled.status).toBe(429);
    const after = await scrape();

    const moved = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const signIns = (outcome: string) => moved(`session_auth_sign_ins_total{outcome="${outcome}"}`);
    expect({
      success: signIns("success"),
      wrong: signIns("wrong_credentials"),
      throttled: signIns("throttled"),
      secondFactor: signIns("second_factor_required"),
      error: signIns("error"),
      unavailable: signIns("unavailable"),
    }).toEqual({ success: 1, wrong: 1, throttled: 1, secondFactor: 0, error: 0, unavailable: 0 });
    expect(moved('session_auth_throttled_total{flow="password",scope="account"}')).toBe(1);
    expect(moved('session_auth_throttled_total{flow="password",scope="address"}')).toBe(0);
    // Registration and the three sign-in attempts each took a turn in the hashing line; none was refused.
    expect(moved("session_auth_hashing_queue_wait_seconds_count")).toBe(4);
    expect(moved("session_auth_hashing_queue_refused_total")).toBe(0);
    expect(after.get('session_auth_hashing_queue_tasks{state="running"}')).toBe(0);
    // Registration's session and the sign-in's: the store's own count.
    expect(moved('session_auth_session_store_duration_seconds_count{op="create"}')).toBe(2);
    expect(before.get("session_auth_active_sessions")).toBe(0);
    expect(after.get("session_auth_active_sessions")).toBe(2);

    expect((await call(server.url, "POST", "/api/auth/logout", { cookie: owner.cookie })).status).toBe(204);
    expect((await scrape()).get("session_auth_active_sessions")).toBe(1);
  });

  test("a signed-in request looks in the session cache: a miss, then hits", async () => {
    const owner = await registerUser(server.url);
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await call(server.url, "GET", "/api/auth/session", { cookie: owner.cookie })).status).toBe(200);
    const after = await scrape();
    const moved = (result: string) =>
      (after.get(`session_auth_session_cache_lookups_total{result="${result}"}`) ?? 0) -
      (before.get(`session_auth_session_cache_lookups_total{result="${result}"}`) ?? 0);
    // The first request is a miss (the cookie was set by registration, never validated); the
    // cache keeps it for a second (SESSION_CACHE_TTL), so at least one of the next two is a hit.
    expect(moved("miss")).toBeGreaterThanOrEqual(1);
    expect(moved("hit")).toBeGreaterThanOrEqual(1);
    expect(moved("hit") + moved("miss")).toBe(3);
  });

  test("is Prometheus text, never cached, with Node's process metrics", async () => {
    const response = await callFrom(loopback(1), server.url, "GET", "/api/metrics");
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toContain("# TYPE session_auth_sign_ins_total counter");
    expect(response.body).toContain("# TYPE session_auth_session_store_duration_seconds histogram");
    expect(parseSamples(response.body).get("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  });

  test("a client off this machine gets the unknown-endpoint 404 without the token, or with a wrong one; the token lets it in", async () => {
    const unknownEndpoint = await call(server.url, "GET", "/api/no-such-endpoint");
    expect(unknownEndpoint.status).toBe(404);

    const forwarded = (headers: Record<string, string> = {}) =>
      callFrom(loopback(1), server.url, "GET", "/api/metrics", { headers: { ...remote, ...headers } });
    for (const authorization of [undefined, `Bearer ${token.slice(0, -1)}x`, `Bearer ${token}${token}`, `Basic ${token}`]) {
      const refused = await forwarded(authorization ? { Authorization: authorization } : {});
      expect(refused.status, authorization).toBe(404);
      expect(refused.body, authorization).toEqual(unknownEndpoint.body);
    }

    const allowed = await forwarded({ Authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain("session_auth_active_sessions ");
  });

  test("a proxy on this machine that is not in TRUSTED_PROXIES does not make its visitors local", async () => {
    // 127.0.0.2 is loopback, but not a trusted proxy: its X-Forwarded-For is not believed,
    // so the client address is 127.0.0.2 itself. The header still says the request was forwarded.
    const direct = await callFrom(loopback(2), server.url, "GET", "/api/metrics");
    expect(direct.status).toBe(200);
    const proxied = await callFrom(loopback(2), server.url, "GET", "/api/metrics", { headers: remote });
    expect(proxied.status).toBe(404);
    expect(proxied.body).toMatchObject({ error: { code: "not_found" } });
  });
});
