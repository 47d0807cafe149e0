// Built with the app's own Next: Turbopack's root is the app's, where node_modules/next is.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** @type {import("next").NextConfig} */
const nextConfig = { turbopack: { root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..") } };

export default nextConfig;
