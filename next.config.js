// @ts-check

// The security headers are not set here: server.mjs sets them on every response
// (lib/security-headers.mjs), where they cost a few microseconds rather than the 35-50 µs
// of Next matching headers() rules against each request's path.

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native and WASM-backed packages are loaded by Node at run time, not bundled; so is prom-client,
  // one copy for the proxy and every route bundle rather than one in each.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "bcryptjs",
    "piscina",
    "pg",
    "@prisma/adapter-pg",
    "prom-client",
  ],
};

module.exports = nextConfig;
