import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { getConfig } from "@/lib/config";
import "./globals.css";

// APP_NAME is a run-time setting: waiting for the request keeps every page (even one with no
// data of its own, like /forgot-password) from being prerendered with the build's name. Pages
// render per request anyway, for the CSP nonce proxy.ts gives their scripts.
export async function generateMetadata(): Promise<Metadata> {
  await connection();
  const { appName } = getConfig();
  return {
    title: { default: appName, template: `%s · ${appName}` },
    description: "Sign in safely: server-side sessions you can see and end.",
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
