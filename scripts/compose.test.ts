import { spawnSync } from "node:child_process";
import fs from "node:fs";
import Ajv from "ajv";
import { CORE_SCHEMA, load, mergeTag } from "js-yaml";
import { describe, expect, it } from "vitest";
import { serverNodeFlags } from "../lib/load-shaping.mjs";

// compose.yaml and the Dockerfile are checked where no Docker daemon runs (these machines,
// most CI): compose.yaml against the Compose Specification's JSON schema (vendored in
// deploy/compose-spec, as no npm package ships a current one) and by Compose itself when its
// CLI is installed; both files for the facts docs/scaling.md and docs/deployment.md rest on.

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string }> | string[];
};

const composeText = fs.readFileSync("compose.yaml", "utf8");
// Merge keys (<<: *app) are YAML 1.1, which Compose reads; js-yaml wants them asked for.
const compose = load(composeText, { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service> };
const { services } = compose;
const instances = [services.app1!, services.app2!];

/** Secrets to interpolate: dummies, as the test needs only their presence. */
const secrets = {
  POSTGRES_PASSWORD: "compose-test-password",
  SESSION_SECRET: "compose-test-session-secret-0123456789abcdef",
  PASSWORD_PEPPER: "compose-test-password-pepper-0123456789abcdef",
};

/** `docker compose` (the plugin), else the older `docker-compose`, else nothing. */
function findComposeCli(): string[] | null {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), "version"], { encoding: "utf8" });
    if (probe.status === 0) return command;
  }
  return null;
}

function runCompose(cli: string[], env: Record<string, string>) {
  // Only what finds the CLI, and the variables given: none of this shell's leaks into the interpolation.
  const bare: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return spawnSync(cli[0]!, [...cli.slice(1), "-f", "compose.yaml", "config", "-q"], { encoding: "utf8", env: bare as NodeJS.ProcessEnv });
}

describe("compose.yaml", () => {
  it("is valid under the Compose Specification's schema", () => {
    const schema = JSON.parse(fs.readFileSync("deploy/compose-spec/compose-spec.json", "utf8"));
    // Draft-07, which Ajv knows under its http:// name only; strict: false, as the schema uses
    // annotations (deprecated) that draft-07 does not define.
    schema.$schema = "http://json-schema.org/draft-07/schema#";
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // And the schema does reject a broken file: a test that cannot fail would prove nothing.
    expect(validate({ services: { app1: { ...services.app1, dependson: ["redis"] } } })).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ params: { additionalProperty: "dependson" } }));
  });

  const cli = findComposeCli();
  // Not silently skipped: without any Compose CLI (no docker compose plugin, no docker-compose), the schema test above
  // is the check; `apt-get install docker-compose` on Debian, or Docker's compose plugin, makes this one run.
  it.skipIf(!cli)(
    `is accepted by ${cli?.join(" ") ?? "Compose (skipped: no docker compose or docker-compose installed)"} config`,
    { timeout: 30_000 },
    () => {
      const accepted = runCompose(cli!, secrets);
      expect(accepted.stderr).toBe("");
      expect(accepted.status).toBe(0);
      // The required-variable syntax holds: without the secrets Compose refuses, naming one.
      const refused = runCompose(cli!, {});
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/POSTGRES_PASSWORD|SESSION_SECRET|PASSWORD_PEPPER/);
    },
  );

  it("runs two instances of one image, sharing secrets, sessions in Redis, behind the proxy", () => {
    for (const app of instances) {
      expect(app.image).toBe(services.migrate!.image);
      const env = app.environment!;
      expect(env.SESSION_STORE).toBe("redis");
      expect(env.REDIS_URL).toBe("redis://redis:6379");
      expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
      expect(env.SKIP_MIGRATIONS).toBe("1");
      // Secrets only by required-variable syntax: never a value in the file.
      for (const name of ["SESSION_SECRET", "PASSWORD_PEPPER"]) expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
      expect(env.DATABASE_URL).toContain("${POSTGRES_PASSWORD:?");
      expect(app.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    }
    expect(instances[0]!.volumes).not.toEqual(instances[1]!.volumes);
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(services.migrate!.command).toEqual(["node", "scripts/migrate.mjs"]);

    // Only the proxy's X-Forwarded-For is believed, and the proxy is where that address is fixed.
    const proxyNetworks = services.proxy!.networks as Record<string, { ipv4_address?: string }>;
    const proxyAddress = Object.values(proxyNetworks)[0]!.ipv4_address;
    for (const app of instances) expect(app.environment!.TRUSTED_PROXIES).toBe(proxyAddress);
    expect(Object.keys(services.proxy!.depends_on!)).toEqual(["app1", "app2"]);
    const nginx = fs.readFileSync("deploy/nginx.conf", "utf8");
    expect(nginx).toContain("server app1:3000;");
    expect(nginx).toContain("server app2:3000;");
    expect(nginx).toContain("X-Forwarded-For $proxy_add_x_forwarded_for");

    for (const name of ["postgres", "redis"]) expect(services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    expect(services.redis!.command).toEqual(expect.arrayContaining(["--appendonly", "yes", "--maxmemory-policy", "noeviction"]));
  });
});

describe("Dockerfile", () => {
  const dockerfile = fs.readFileSync("Dockerfile", "utf8");
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("#"));
  const last = (keyword: string) => instructions.filter((line) => line.startsWith(`${keyword} `)).at(-1) ?? "";

  it("builds in stages and runs as a non-root user with data/ as a volume", () => {
    expect(instructions.filter((line) => line.startsWith("FROM ")).map((line) => line.split(" AS ")[1])).toEqual([
      "deps",
      "build",
      "runtime",
    ]);
    expect(dockerfile).toMatch(/npx prisma generate/);
    expect(last("USER")).toBe("USER node");
    expect(last("VOLUME")).toContain("/app/data");
  });

  it("starts the server as npm start does, with its Node flags, and checks /api/health with Node", () => {
    const cmd = JSON.parse(last("CMD").slice("CMD ".length)) as string[];
    expect(cmd).toEqual(["node", ...serverNodeFlags, "server.mjs"]);
    // package.json cannot import lib/load-shaping.mjs, so it repeats the flags: held to them here.
    const packageJson = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(packageJson.scripts.start).toBe(["node", ...serverNodeFlags, "server.mjs"].join(" "));
    const healthcheck = last("HEALTHCHECK");
    expect(healthcheck).toMatch(/CMD \["node", "-e", .*\/api\/health/);
    // Runs as the image's command: Node's fetch there exits 0 for a 200 and 1 otherwise.
    const script = (JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)) as string[])[2]!;
    const down = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, PORT: "1" }, encoding: "utf8" });
    expect(down.status).toBe(1);
  });

  it("leaves local settings, data and built parts out of the build context", () => {
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n");
    for (const entry of [".env", ".env.*", "node_modules", ".next", "data", ".git"]) expect(ignored).toContain(entry);
    expect(ignored).toContain("!.env.example");
  });
});
