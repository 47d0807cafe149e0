import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The README's "Use it in your app" shows real code: its TypeScript blocks are compiled
// here against the project itself, and its schema block is validated by Prisma, so a
// renamed guard or a changed signature breaks the test rather than the reader.

const root = path.resolve(import.meta.dirname, "..");
const sectionTitle = "## Use it in your app";

type Snippet = { language: string; file: string; code: string };

/** The fenced blocks of the README section; each starts with a comment naming its file. */
function readSnippets(readme: string): Snippet[] {
  const start = readme.indexOf(`${sectionTitle}\n`);
  if (start < 0) throw new Error(`README.md has no "${sectionTitle}" section`);
  const rest = readme.slice(start + sectionTitle.length);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, language, code]) => {
    const file = /^\/\/ ([^\s,]+)/.exec(code!)?.[1];
    if (!file) throw new Error(`a ${language} block of "${sectionTitle}" does not start with // <its file>`);
    return { language: language!, file, code: code! };
  });
}

/** Diagnostics of the snippets compiled as new files of the project, with its tsconfig. */
function compileSnippets(snippets: Snippet[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const virtual = new Map(snippets.map((snippet) => [path.join(root, snippet.file), snippet.code]));
  const options = { ...config.options, incremental: false, noEmit: true, plugins: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile(file);
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file);
  host.getSourceFile = (file, languageVersion, ...rest) => {
    const code = virtual.get(path.resolve(file));
    return code === undefined ? getSourceFile(file, languageVersion, ...rest) : ts.createSourceFile(file, code, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  return [...virtual.keys()].flatMap((file) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) => {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${path.relative(root, file)}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
  });
}

const snippets = readSnippets(fs.readFileSync(path.join(root, "README.md"), "utf8"));
const typescript = snippets.filter((snippet) => snippet.language === "ts" || snippet.language === "tsx");

describe(`README "${sectionTitle}"`, () => {
  it("shows a page, a route handler, a server action, an admin page, a step-up route and a schema change", () => {
    expect(typescript.map((snippet) => snippet.file)).toEqual([
      "app/(app)/reports/page.tsx",
      "app/api/reports/route.ts",
      "app/(app)/reports/actions.ts",
      "app/(app)/admin/reports/page.tsx",
      "app/api/reports/export/route.ts",
    ]);
    expect(snippets.filter((snippet) => snippet.language === "prisma").map((snippet) => snippet.file)).toEqual(["prisma/schema.prisma"]);
    // They are files an adopter adds: none may stand in for one of the project's own.
    for (const { file } of typescript) expect(fs.existsSync(path.join(root, file)), file).toBe(false);
  });

  it("its TypeScript compiles against the project", { timeout: 120_000 }, () => {
    expect(compileSnippets(typescript)).toEqual([]);
  });

  it("refuses a snippet that does not compile (the check can fail)", { timeout: 120_000 }, () => {
    const broken = typescript.map((snippet) => ({
      ...snippet,
      code: snippet.code.replace("requireUser()", "requireUser({ role: 'owner' })"),
    }));
    expect(compileSnippets(broken).join("\n")).toMatch(/"owner"/);
  });

  it("its schema lines make a valid Prisma schema", { timeout: 120_000 }, () => {
    const change = snippets.find((snippet) => snippet.language === "prisma")!;
    const [comment, ...fields] = change.code.trimEnd().split("\n");
    const model = /in model (\w+)/.exec(comment!)?.[1];
    expect(model).toBeTruthy();
    const schema = fs.readFileSync(path.join(root, change.file), "utf8");
    const opening = schema.indexOf(`model ${model} {`);
    const closing = schema.indexOf("\n}", opening);
    expect(opening).toBeGreaterThanOrEqual(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-schema-"));
    try {
      const file = path.join(dir, "schema.prisma");
      fs.writeFileSync(file, `${schema.slice(0, closing)}\n${fields.join("\n")}${schema.slice(closing)}`);
      const prisma = path.join(root, "node_modules/.bin/prisma");
      const validate = () =>
        execFileSync(prisma, ["validate", "--schema", file], {
          cwd: root,
          stdio: "pipe",
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        });
      expect(validate).not.toThrow();
      // The same check refuses a field Prisma cannot read.
      fs.writeFileSync(file, `${schema.slice(0, closing)}\n  timeZone NoSuchType${schema.slice(closing)}`);
      expect(validate).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
