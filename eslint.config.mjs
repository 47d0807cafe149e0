// ESLint's flat config: Next's own rules (React, hooks, Core Web Vitals, TypeScript).
// Formatting is Prettier's job (`npm run format`), so no style rules here.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      // A leading underscore says "received, deliberately unused" (a form action's previous state, a field left out).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Test helpers hand back whatever JSON the server sent; the tests assert on its shape.
    files: ["e2e/support/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "reports/**",
      "test-results/**",
      "playwright-report/**",
      "data/**",
      "bench/**/.next/**",
      "bench/.plumbing/**",
      "bench/peers/node_modules/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
