import { afterEach, describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { clientAddressKey, getClientIp, readCookie } from "./request";
import { runAsServed, startServerContext, stopServerContext } from "./test-request-context";

const forgedSocketHeader = { "x-session-auth-socket-address": "203.0.113.66" };

function withProxies(trustedProxies?: string) {
  loadConfigForTest({ ...process.env, TRUSTED_PROXIES: trustedProxies });
}

/** getClientIp as server.mjs serves a request: in a context holding the socket's address. */
function ipUnderServer(socketAddress: string, headers: Record<string, string> = {}) {
  return runAsServed(socketAddress, () => getClientIp(new Headers(headers)));
}

/** getClientIp under `next start`: no context; Next's X-Forwarded-For is all there is. */
function ipUnderNextStart(headers: Record<string, string>) {
  stopServerContext();
  return getClientIp(new Headers(headers));
}

afterEach(() => {
  stopServerContext();
  withProxies(undefined);
});

describe("getClientIp under server.mjs", () => {
  it("is the socket's address; a client's socket-address header or X-Forwarded-For changes nothing", () => {
    withProxies(undefined);
    expect(ipUnderServer("::ffff:192.0.2.7", { ...forgedSocketHeader, "x-forwarded-for": "198.51.100.1" })).toBe("192.0.2.7");
  });

  it("reads X-Forwarded-For back past trusted proxies only", () => {
    withProxies("10.0.0.0/8");
    const xff = { "x-forwarded-for": "198.51.100.9, 192.0.2.44, 10.0.0.3" };
    expect(ipUnderServer("10.0.0.2", xff)).toBe("192.0.2.44");
    // The socket is no proxy: whatever it wrote in X-Forwarded-For is its own invention.
    expect(ipUnderServer("192.0.2.5", xff)).toBe("192.0.2.5");
    expect(ipUnderServer("10.0.0.2", { "x-forwarded-for": "garbage, 10.0.0.3" })).toBe("10.0.0.3");
  });

  it("knows no address outside a request", () => {
    startServerContext();
    expect(getClientIp(new Headers(forgedSocketHeader))).toBeNull();
  });
});

describe("getClientIp under next start (no server.mjs)", () => {
  it("ignores a client's socket-address header and takes the address Next put in X-Forwarded-For", () => {
    withProxies(undefined);
    expect(ipUnderNextStart({ ...forgedSocketHeader, "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(ipUnderNextStart(forgedSocketHeader)).toBeNull();
  });

  it("takes the last entry without TRUSTED_PROXIES, and walks back past trusted proxies with them", () => {
    withProxies(undefined);
    expect(ipUnderNextStart({ "x-forwarded-for": "198.51.100.9, 192.0.2.44" })).toBe("192.0.2.44");
    withProxies("10.0.0.0/8");
    expect(ipUnderNextStart({ "x-forwarded-for": "198.51.100.9, 192.0.2.44, 10.0.0.3" })).toBe("192.0.2.44");
    expect(ipUnderNextStart({ "x-forwarded-for": "10.0.0.3" })).toBe("10.0.0.3");
  });
});

describe("clientAddressKey", () => {
  it("gives every client without a readable address one shared key, apart from any real address", () => {
    // A garbled X-Forwarded-For under next start must not mean "no per-address limit".
    expect(clientAddressKey(null)).toBe("unknown");
    expect(clientAddressKey(null)).not.toBe(clientAddressKey("127.0.0.1"));
  });

  it("keeps an IPv4 address whole", () => {
    expect(clientAddressKey("192.0.2.1")).toBe("192.0.2.1");
    expect(clientAddressKey("192.0.2.2")).not.toBe(clientAddressKey("192.0.2.1"));
  });

  it("gives every address of one IPv6 /64 one key, however it is written", () => {
    const keys = [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:ffff",
      "2001:0db8:0001:0002:0000:0000:0000:0009",
      "2001:DB8:1:2::abcd",
      "2001:db8:1:2::192.0.2.1",
    ].map(clientAddressKey);
    expect(new Set(keys)).toEqual(new Set(["2001:db8:1:2::/64"]));
  });

  it("keeps neighbouring /64s apart", () => {
    expect(clientAddressKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientAddressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddressKey("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});

describe("readCookie", () => {
  // authenticate() reads the session cookie with it rather than with Next's cookies(): for any
  // header a client can send, it must pick the very value Next's own parser picks.
  const headers = [
    null,
    "",
    "__Host-session=abc",
    "__Host-session=first; __Host-session=second",
    "__Host-session=good; __Host-session=%E0%A4%A",
    "__Host-session=%E0%A4%A; __Host-session=good",
    "session=short; __Host-session=long; x__Host-session=no",
    "a=1;__Host-session=tight;b=2",
    "a=1;   __Host-session=spaced",
    " __Host-session=leading-space",
    "__Host-session",
    "__Host-session=",
    "__Host-session=a=b==",
    "__Host-session=%2Fenc%20oded; other=1",
    "__host-session=case",
  ];
  it.each(headers)("%j: as Next's cookies() reads it", (header) => {
    // Both read the header as it arrives through headers(), whitespace around it trimmed.
    const received = new Headers(header === null ? {} : { cookie: header });
    const next = new RequestCookies(received).get("__Host-session")?.value;
    expect(readCookie(received.get("cookie"), "__Host-session")).toBe(next);
  });

  it("reads the last of a repeated cookie and skips one that does not decode", () => {
    expect(readCookie("s=first; s=second", "s")).toBe("second");
    expect(readCookie("s=good; s=%E0%A4%A", "s")).toBe("good");
    expect(readCookie("t=1", "s")).toBeUndefined();
  });
});
