import { describe, expect, it } from "vitest";
import { clientAddressKey } from "./request";

describe("clientAddressKey", () => {
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
