import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.mjs";

function capture(level = "trace") {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line)) };
}

describe("createLogger", () => {
  it("writes one JSON object per line: level by name, ISO time, message, fields", () => {
    const { logger, lines, parsed } = capture("info");
    logger.info({ deleted: 3 }, "purged expired sessions");
    logger.debug("below the level");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(parsed()[0]).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: "purged expired sessions",
      deleted: 3,
    });
  });

  it("refuses an unknown LOG_LEVEL instead of guessing", () => {
    expect(() => createLogger({ level: "verbose" })).toThrow(/LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent/);
    const { logger, lines } = capture("silent");
    logger.error("nothing at all");
    expect(lines).toEqual([]);
  });

  it("redacts request headers that carry credentials", () => {
    const { logger, lines } = capture();
    const headers = { cookie: "session=sealed-cookie-value", authorization: "Basic dXNlcjpwYXNz", host: "localhost" };
    logger.debug({ req: { method: "GET", url: "/", headers }, res: { headers: { "set-cookie": ["session=new-seal"] } } }, "request");
    expect(lines[0]).not.toMatch(/sealed-cookie-value|dXNlcjpwYXNz|new-seal/);
    expect(JSON.parse(lines[0]!).req.headers).toEqual({ cookie: "[Redacted]", authorization: "[Redacted]", host: "localhost" });
  });

  it("redacts secret-sounding keys at any depth and in Headers and Maps", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        body: { email: "a@example.com", password: "hunter2 hunter2", nested: { newPassword: "n3w pass", totpSecret: "JBSWY3DP" } },
        resetToken: "tok-123",
        code: "123456",
        recoveryCodes: ["aaaa-bbbb"],
        headers: new Headers({ Cookie: "a=from-headers", Accept: "text/html" }),
        map: new Map([["sessionToken", "from-a-map"]]),
      },
      "careless caller",
    );
    expect(lines[0]).not.toMatch(/hunter2|n3w pass|JBSWY3DP|tok-123|123456|aaaa-bbbb|from-headers|from-a-map/);
    const line = JSON.parse(lines[0]!);
    expect(line.body.email).toBe("a@example.com");
    expect(line.headers.accept).toBe("text/html");
  });

  it("keeps an error's type, message, stack and code, not what a library hung on it", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("insert failed"), { code: "P2002", request: { body: { password: "in-the-body" } }, meta: "x" });
    logger.error({ error, cause: new TypeError("wrapped", { cause: { query: "SELECT 'in-the-cause'" } }) }, "unhandled error");
    expect(lines[0]).not.toContain("in-the-body");
    const line = JSON.parse(lines[0]!);
    expect(line.error).toEqual({
      type: "Error",
      message: "insert failed",
      stack: expect.stringContaining("Error: insert failed"),
      code: "P2002",
    });
    expect(line.cause.type).toBe("TypeError");
  });

  it("cuts link tokens, URL passwords and bearer tokens out of messages and strings", () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        url: "/reset-password?token=abcDEF123_-&next=%2F",
        smtp: "smtp://mailer:s3cr3t@mail.example.com:587",
        text: "Authorization: Bearer eyJhbGci.x.y",
      },
      "fetch of http://localhost/verify-email?token=zzz999 failed",
    );
    expect(lines[0]).not.toMatch(/abcDEF123|s3cr3t|eyJhbGci|zzz999/);
    const line = JSON.parse(lines[0]!);
    expect(line.url).toBe("/reset-password?token=[Redacted]&next=%2F");
    expect(line.smtp).toBe("smtp://mailer:[Redacted]@mail.example.com:587");
  });

  it("adds the id of the request being served", () => {
    const { logger, parsed } = capture();
    const context = new AsyncLocalStorage<{ requestId: string }>();
    const shared = globalThis as unknown as { sessionAuthRequestContext?: unknown };
    shared.sessionAuthRequestContext = context;
    try {
      context.run({ requestId: "req-1" }, () => logger.info("inside"));
      logger.info("outside");
    } finally {
      delete shared.sessionAuthRequestContext;
    }
    expect(parsed().map((line) => line.requestId)).toEqual(["req-1", undefined]);
  });
});
