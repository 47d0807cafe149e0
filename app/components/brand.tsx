import Link from "next/link";
import { connection } from "next/server";
import { getConfig } from "@/lib/config";

/**
 * The app's name (APP_NAME) as the header's home link. Read per request, as every use of the
 * name must be: one production build is run under different settings, and a page prerendered
 * at build time would keep the build machine's name.
 */
export async function Brand({ href }: { href: string }) {
  await connection();
  return (
    <Link className="brand" href={href}>
      {getConfig().appName}
    </Link>
  );
}
