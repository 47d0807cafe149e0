import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../lib/config-schema";

// docs/configuration.md's table lists exactly the variables the app reads, with the defaults it
// applies: those lib/config.ts validates, and the few read directly (process.env.X) in lib/,
// server.mjs and the logger they share (scripts/logger.mjs). A setting added without its row, or a default changed without the doc, fails here.

/** Variables of Node and Next themselves, read by the code but not the app's to document. */
const notTheAppsOwn = new Set(["NODE_OPTIONS", "NEXT_RUNTIME"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(file);
    return /\.(ts|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** Names read as process.env.NAME (not assigned: server.mjs sets NODE_ENV for what it starts). */
function directReads(files: string[]): string[] {
  const reads = files.flatMap((file) => [
    ...fs.readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]*)\b(?!\s*(?:\?\?)?=(?!=))/g),
  ]);
  return reads.map((match) => match[1]!);
}

/** The rows of the doc's first table: variable name and default cell (without backticks). */
function documented(): Map<string, string> {
  const doc = fs.readFileSync("docs/configuration.md", "utf8");
  const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|([^|]*)\|/gm)];
  return new Map(rows.map((row) => [row[1]!, row[2]!.trim()]));
}

describe("docs/configuration.md", () => {
  const schemaNames = Object.keys(envSchema.shape);
  const read = new Set(
    [...schemaNames, ...directReads([...sourceFiles("lib"), "server.mjs", "scripts/logger.mjs"])].filter(
      (name) => !notTheAppsOwn.has(name),
    ),
  );
  const rows = documented();

  it("lists exactly the variables the app reads", () => {
    expect([...rows.keys()].sort()).toEqual([...read].sort());
  });

  it("states each default lib/config.ts applies", () => {
    const shape = envSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
    const defaults = schemaNames.flatMap((name) => {
      const parsed = shape[name]!.safeParse(undefined);
      return parsed.success && parsed.data !== undefined && parsed.data !== null ? [[name, `\`${String(parsed.data)}\``]] : [];
    });
    expect(defaults.length).toBeGreaterThan(30);
    for (const [name, value] of defaults) expect(`${name}: ${rows.get(name!)}`).toBe(`${name}: ${value}`);
  });
});
