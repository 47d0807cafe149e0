import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// One data path per table (docs/architecture.md): a table whose statements are plain SQL
// (lib/plain-sql.ts) is never also read or written through Prisma, nor joined to through a
// Prisma relation (include, select, a relation filter). Two paths to one table drift apart:
// Prisma's client-side defaults (@updatedAt, cuid) and its spelling of dates are what the
// plain statements must do by hand, and a race settled by one path's conditional write is
// not settled for the other's.

const root = path.join(import.meta.dirname, "..");
const skipped = new Set(["node_modules", ".next", ".git", "generated", "reports", "test-results", "playwright-report", "data"]);

/**
 * lib/plain-sql.test.ts checks the plain layer against Prisma's own reads of the same rows
 * (dates and booleans spelled as Prisma's adapters spell them), so that a table can move
 * from one path to the other without rewriting its data: the one file meant to use both.
 */
const mayUseBoth = new Set(["lib/plain-sql.test.ts"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : sourceFiles(path.join(dir, entry.name));
    return /\.(ts|tsx|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path.join(dir, entry.name)] : [];
  });
}

const files = sourceFiles(root).map((file) => ({ name: path.relative(root, file), text: fs.readFileSync(file, "utf8") }));

/** Tables named in the plain statements of lib/'s modules: quoted identifiers after FROM, JOIN, INTO, UPDATE. */
function plainTables(): Set<string> {
  const tables = new Set<string>();
  for (const { name, text } of files) {
    if (!name.startsWith("lib/") || name.includes(".test.")) continue;
    for (const match of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"/g)) tables.add(match[1]!);
  }
  return tables;
}

/** Each model's relation fields, from the schema Prisma owns: `model Passkey { user User ... }` gives Passkey.user → User. */
function relationFields(): { model: string; field: string; target: string }[] {
  const schema = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  return [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].flatMap(([, model, body]) =>
    [...body!.matchAll(/^\s*(\w+)\s+(\w+)(\[\])?\??(\s|$)/gm)].map(([, field, target]) => ({
      model: model!,
      field: field!,
      target: target!,
    })),
  );
}

const delegateOf = (table: string) => table[0]!.toLowerCase() + table.slice(1);
const prismaMethods =
  "findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy";

/** What uses Prisma on `table`: a call on its delegate, or a relation to it included, selected or filtered on. */
function prismaUsesOf(table: string, relations: string[]): RegExp[] {
  const patterns = [new RegExp(`\\.${delegateOf(table)}\\s*\\.\\s*(?:${prismaMethods})\\s*\\(`)];
  for (const field of relations) {
    patterns.push(new RegExp(`\\b(?:include|select)\\s*:\\s*\\{[^;]{0,200}?\\b${field}\\s*:\\s*(?:true|\\{)`));
    patterns.push(new RegExp(`\\b${field}\\s*:\\s*\\{\\s*(?:is|isNot|some|every|none|select|include)\\b`));
  }
  return patterns;
}

function violations(table: string): string[] {
  const relations = relationFields()
    .filter((relation) => relation.target === table)
    .map((relation) => relation.field);
  const patterns = prismaUsesOf(table, relations).map((pattern) => new RegExp(pattern.source, "g"));
  return files
    .filter(({ name }) => !mayUseBoth.has(name) && name !== "scripts/data-paths.test.ts")
    .flatMap(({ name, text }) =>
      // Over the whole text: a relation's braces may open on one line and its field follow on the next.
      patterns.flatMap((pattern) =>
        [...text.matchAll(pattern)].map((match) => `${name}:${text.slice(0, match.index).split("\n").length}: ${match[0]}`),
      ),
    );
}

describe("one data path per table", () => {
  const tables = [...plainTables()].sort();

  it("finds the tables of the plain statements", () => {
    expect(tables).toEqual(expect.arrayContaining(["SecurityEvent", "Session", "User"]));
  });

  it("recognises each way of using Prisma on a table", () => {
    const relations = relationFields()
      .filter((relation) => relation.target === "User")
      .map((relation) => relation.field);
    expect(relations).toContain("user");
    const patterns = prismaUsesOf("User", relations);
    const caught = (code: string) => patterns.some((pattern) => pattern.test(code));
    expect(caught("await db.user.findMany({ where })")).toBe(true);
    expect(caught("(await getDb()).user.count()")).toBe(true);
    expect(caught("include: { user: { select: { disabledAt: true } } },")).toBe(true);
    expect(caught("select: { userId: true, user: { select: { credentialVersion: true } } },")).toBe(true);
    expect(caught("where: { id, userId, user: { is: { passwordHash: { not: '' } } } },")).toBe(true);
    expect(caught("const user = await findUserById(current.user.id);")).toBe(false);
  });

  it.each(tables)("%s: no Prisma call, include, select or relation filter on it outside lib/generated", (table) => {
    expect(violations(table)).toEqual([]);
  });
});
