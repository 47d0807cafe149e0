import fs from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

// .github/workflows/ci.yml runs on forks' CI, never here: parsed and checked for what `npm test` needs there.

type Step = { run?: string; uses?: string; with?: Record<string, unknown> };
type Service = { image: string; ports: string[]; options: string };
type Workflow = { jobs: { test: { services: Record<string, Service>; env: Record<string, string>; steps: Step[] } } };

const workflow = load(fs.readFileSync(".github/workflows/ci.yml", "utf8")) as Workflow;
const job = workflow.jobs.test;

/** The host port a service container publishes. */
const hostPort = (service: Service) => service.ports[0]!.split(":")[0];

describe("the CI workflow", () => {
  it("starts PostgreSQL and Redis with health checks, and points TEST_DATABASE_URL and TEST_REDIS_URL at them", () => {
    const { postgres, redis } = job.services;
    expect(postgres!.image).toMatch(/^postgres:/);
    expect(redis!.image).toMatch(/^redis:/);
    expect(postgres!.options).toContain("--health-cmd");
    expect(redis!.options).toContain("--health-cmd");
    expect(new URL(job.env.TEST_DATABASE_URL!).port).toBe(hostPort(postgres!));
    expect(new URL(job.env.TEST_REDIS_URL!).port).toBe(hostPort(redis!));
  });

  it("installs with npm ci on Node 20, takes Playwright's own Chromium and runs npm test", () => {
    const runs = job.steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(job.steps.find((step) => step.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe(20);
    expect(runs).toContain("npm ci");
    expect(runs).toContain("npx playwright install --with-deps chromium");
    expect(runs.at(-1)).toBe("npm test");
    expect(runs.indexOf("npm ci")).toBeLessThan(runs.indexOf("npx playwright install --with-deps chromium"));
  });
});
