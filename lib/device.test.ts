import { describe, expect, it } from "vitest";
import { describeDevice } from "./device";

describe("describeDevice", () => {
  it("names browser, system and kind of device", () => {
    const desktop = describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    expect(desktop).toEqual({ browser: "Chrome 156", os: "Linux", type: "desktop", label: "Chrome 156 on Linux" });
    const phone = describeDevice(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    );
    expect(phone.label).toBe("Safari 17 on iOS 17.0");
    expect(phone.type).toBe("mobile");
  });

  it("copes with missing and unknown agents", () => {
    expect(describeDevice(null).label).toBe("Unknown device");
    expect(describeDevice("curl/8.5.0").label).toMatch(/curl|Unknown device/);
  });
});
