import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

// The PostgreSQL schema is generated from the SQLite one; they must never differ in models or fields.
describe("prisma/postgresql/schema.prisma", () => {
  it("is what scripts/postgres-schema.mjs generates from prisma/schema.prisma", () => {
    expect(() => execFileSync(process.execPath, ["scripts/postgres-schema.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("defines the same models and fields", () => {
    const shape = (file: string) =>
      [...fs.readFileSync(file, "utf8").matchAll(/^(model|enum) (\w+) \{([^}]*)\}/gm)].map(([, kind, name, body]) => ({
        kind,
        name,
        fields: body!
          .split("\n")
          .map((line) => line.trim().split(/\s+/).slice(0, 2).join(" "))
          .filter((line) => line && !line.startsWith("//") && !line.startsWith("@@")),
      }));
    const sqlite = shape("prisma/schema.prisma");
    expect(sqlite.length).toBeGreaterThan(3);
    expect(shape("prisma/postgresql/schema.prisma")).toEqual(sqlite);
  });

  it("has a migration for each SQLite migration", () => {
    const names = (dir: string) =>
      fs
        .readdirSync(dir)
        .filter((name) => !name.endsWith(".toml"))
        .sort();
    expect(names("prisma/postgresql/migrations")).toEqual(names("prisma/migrations"));
  });
});
