import { afterEach, describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";
import { checkPasswordPolicy } from "./password-policy";

afterEach(() => {
  loadConfigForTest(process.env);
});

describe("checkPasswordPolicy", () => {
  it("asks for 15 characters by default, counted in code points", () => {
    expect(checkPasswordPolicy("fourteen chars")).toMatch(/at least 15 characters/);
    expect(checkPasswordPolicy("fifteen chars!!")).toBeNull();
    // 14 emoji are 28 UTF-16 units but 14 characters.
    const emoji = "🔑🐈🌵🎲🚲🍋🎈🌙🧩🦊🌊🍀🎻🚀🧭";
    expect(checkPasswordPolicy([...emoji].slice(0, 14).join(""))).toMatch(/at least 15/);
    expect(checkPasswordPolicy(emoji)).toBeNull();
  });

  it("needs no composition rules and allows long passphrases", () => {
    expect(checkPasswordPolicy("all lower case words here")).toBeNull();
    expect(checkPasswordPolicy("w".repeat(64) + " and more words")).toBeNull();
  });

  it("refuses more than 1024 bytes", () => {
    expect(checkPasswordPolicy("é".repeat(513))).toMatch(/1024 bytes/);
  });

  it("follows PASSWORD_MIN_LENGTH but never goes below 8", () => {
    loadConfigForTest({ ...process.env, PASSWORD_MIN_LENGTH: "20" });
    expect(checkPasswordPolicy("nineteen characters")).toMatch(/at least 20/);
    expect(() => loadConfigForTest({ ...process.env, PASSWORD_MIN_LENGTH: "6" })).toThrow(/PASSWORD_MIN_LENGTH/);
  });

  it("refuses the user's email, name and the app's name", () => {
    const context = { email: "margaret@example.com", name: "Margaret Hamilton", appName: "Session Auth" };
    expect(checkPasswordPolicy("margaret@example.com!!", context)).toMatch(/email, your name/);
    expect(checkPasswordPolicy("my name is margaret, hi", context)).toMatch(/email, your name/);
    expect(checkPasswordPolicy("i love sessionauth so much", context)).toMatch(/email, your name/);
    expect(checkPasswordPolicy("a perfectly unrelated passphrase", context)).toBeNull();
  });
});

describe("common and predictable passwords", () => {
  it("refuses passwords from the common-password list, whatever their case", () => {
    loadConfigForTest({ ...process.env, PASSWORD_MIN_LENGTH: "8" });
    for (const common of ["password", "Password", "iloveyou", "sunshine", "qwertyuiop", "football"]) {
      expect(checkPasswordPolicy(common)).toMatch(/most commonly used/);
    }
  });

  it("refuses common passwords with digits or symbols tacked on", () => {
    expect(checkPasswordPolicy("password2024!!!!")).toMatch(/most commonly used/);
    expect(checkPasswordPolicy("123456789sunshine")).toMatch(/most commonly used/);
  });

  it("refuses repetitions and sequences", () => {
    expect(checkPasswordPolicy("aaaaaaaaaaaaaaaa")).toMatch(/repeating/);
    expect(checkPasswordPolicy("abcabcabcabcabcabc")).toMatch(/repeating/);
    expect(checkPasswordPolicy("abcdefghijklmnop")).toMatch(/sequences/);
    expect(checkPasswordPolicy("987654321098765")).toMatch(/sequences/);
  });

  it("accepts ordinary passphrases", () => {
    for (const fine of [
      "correct horse battery staple",
      "purple-otter-marches-at-dawn",
      "pass\u0000word with a NUL in it",
      "пароль-из-пятнадцати",
    ]) {
      expect(checkPasswordPolicy(fine)).toBeNull();
    }
  });
});

describe("context words", () => {
  it("include each part of the name and of the email's local part", () => {
    const context = { email: "grace.hopper@navy.example", name: "Grace Brewster Hopper" };
    expect(checkPasswordPolicy("brewster is my middle name", context)).toMatch(/your name/);
    expect(checkPasswordPolicy("hopper hopper everywhere", context)).toMatch(/your name/);
    expect(checkPasswordPolicy("a perfectly unrelated passphrase", context)).toBeNull();
  });
});
