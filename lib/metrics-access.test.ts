import { afterEach, describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";
import { assertMetricsAccess } from "./metrics-access";
import { runAsServed, stopServerContext } from "./test-request-context";

afterEach(() => {
  loadConfigForTest(process.env);
  stopServerContext();
});

const token = "metrics-token-metrics-token-0123456789";

/** A request as server.mjs serves it: the socket's address in its context, and what the client sent. */
function from(socketAddress: string | null, sent: Record<string, string> = {}) {
  return { socketAddress, headers: new Headers(sent) };
}

function refusal(request: { socketAddress: string | null; headers: Headers }) {
  return runAsServed(request.socketAddress, () => {
    try {
      assertMetricsAccess(request.headers);
      return null;
    } catch (error) {
      return error;
    }
  });
}

describe("assertMetricsAccess", () => {
  it("lets loopback clients in without a token: all of 127.0.0.0/8 and ::1, however written", () => {
    for (const address of ["127.0.0.1", "127.45.6.7", "::1", "::ffff:127.0.0.1"]) expect(refusal(from(address)), address).toBeNull();
  });

  it("answers anyone else with the unknown-endpoint 404", () => {
    for (const address of ["203.0.113.9", "10.0.0.1", "::2", "128.0.0.1"]) {
      expect(refusal(from(address)), address).toMatchObject({ status: 404, code: "not_found", message: "No such API endpoint." });
    }
    // No address at all (not under server.mjs) is not loopback either.
    expect(refusal(from(null))).toMatchObject({ status: 404 });
  });

  it("does not take a forwarded request for a local one, even when the proxy's loopback address is all the app sees", () => {
    for (const [name, value] of [
      ["X-Forwarded-For", "203.0.113.9"],
      ["X-Forwarded-For", "127.0.0.1, 203.0.113.9"],
      ["X-Forwarded-For", "not an address"],
      ["Forwarded", "for=203.0.113.9"],
      ["X-Real-IP", "203.0.113.9"],
    ]) {
      expect(refusal(from("127.0.0.1", { [name!]: value! })), `${name}: ${value}`).toMatchObject({ status: 404 });
    }
  });

  it("accepts the X-Forwarded-For that Next itself fills in with the socket's address", () => {
    expect(refusal(from("127.0.0.1", { "X-Forwarded-For": "127.0.0.1" }))).toBeNull();
    expect(refusal(from("::ffff:127.0.0.1", { "X-Forwarded-For": "::ffff:127.0.0.1" }))).toBeNull();
    expect(refusal(from("::1", { "X-Forwarded-For": "::1" }))).toBeNull();
  });

  it("believes X-Forwarded-For only from a trusted proxy", () => {
    loadConfigForTest({ ...process.env, TRUSTED_PROXIES: "127.0.0.1" });
    // A proxy on this machine passing on a visitor from elsewhere.
    expect(refusal(from("127.0.0.1", { "X-Forwarded-For": "203.0.113.9" }))).toMatchObject({ status: 404 });
    // A remote client claiming to be local, not through the proxy.
    expect(refusal(from("203.0.113.9", { "X-Forwarded-For": "127.0.0.1" }))).toMatchObject({ status: 404 });
    // A scraper on this machine, directly.
    expect(refusal(from("127.0.0.1", { "X-Forwarded-For": "127.0.0.1" }))).toBeNull();
  });

  it("lets a remote scraper in with the exact METRICS_TOKEN, and no other", () => {
    loadConfigForTest({ ...process.env, METRICS_TOKEN: token });
    const remote = (authorization: string) => refusal(from("203.0.113.9", { Authorization: authorization }));
    expect(remote(`Bearer ${token}`)).toBeNull();
    expect(remote(`bearer ${token}`)).toBeNull();
    for (const wrong of [
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token.toUpperCase()}`,
      `Basic ${token}`,
      token,
      "Bearer ",
    ]) {
      expect(remote(wrong), wrong).toMatchObject({ status: 404 });
    }
  });

  it("lets no token in when METRICS_TOKEN is unset or empty", () => {
    for (const METRICS_TOKEN of [undefined, ""]) {
      loadConfigForTest({ ...process.env, METRICS_TOKEN });
      expect(refusal(from("203.0.113.9", { Authorization: "Bearer " }))).toMatchObject({ status: 404 });
      expect(refusal(from("203.0.113.9", { Authorization: "Bearer undefined" }))).toMatchObject({ status: 404 });
    }
  });
});
