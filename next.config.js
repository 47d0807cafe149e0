// @ts-check

// Headers that never depend on the request; the page CSP (with its per-request
// nonce) and HSTS (which depends on APP_URL at run time) are set by proxy.ts
// and lib/http.ts.
const everywhere = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

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
  async headers() {
    return [
      { source: "/:path*", headers: everywhere },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

module.exports = nextConfig;
