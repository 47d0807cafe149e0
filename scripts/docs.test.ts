import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The docs are read on GitHub and in editors: every relative link must reach a file, and every
// #anchor a heading of it, or readers land nowhere after a section moves.

const root = path.resolve(import.meta.dirname, "..");
const documents = [
  "README.md",
  "SECURITY.md",
  "bench/README.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

function anchorsIn(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

function linksIn(file: string): string[] {
  const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target));
}

describe("documentation", () => {
  it.each(documents)("%s: every relative link and anchor resolves", (document) => {
    const broken: string[] = [];
    for (const link of linksIn(path.join(root, document))) {
      const [target, anchor] = link.split("#") as [string, string | undefined];
      const file = target ? path.resolve(path.dirname(path.join(root, document)), target) : path.join(root, document);
      if (!fs.existsSync(file)) broken.push(`${link}: no such file`);
      else if (anchor && file.endsWith(".md") && !anchorsIn(file).has(anchor)) broken.push(`${link}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it("the README starts small (at most 250 lines)", () => {
    const lines = fs.readFileSync(path.join(root, "README.md"), "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(250);
  });
});

describe("the map of the code (docs/architecture.md)", () => {
  // A module nobody can find is one the next reader writes again.
  it("names every lib/ module and every lib/ file it names exists", () => {
    const map = fs.readFileSync(path.join(root, "docs", "architecture.md"), "utf8");
    const modules = fs.readdirSync(path.join(root, "lib")).filter((file) => /\.(ts|mjs)$/.test(file) && !/\.(test|d)\./.test(file));
    expect(modules.filter((file) => !map.includes(`lib/${file}`))).toEqual([]);
    const named = [...map.matchAll(/`lib\/([\w.-]+\.(?:ts|mjs))`/g)].map((match) => match[1]!);
    expect(named.filter((file) => !fs.existsSync(path.join(root, "lib", file)))).toEqual([]);
  });
});
