"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/account/sessions", label: "Sessions" },
  { href: "/account/security", label: "Security" },
];

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const visible = isAdmin ? [...links, { href: "/admin/users", label: "Admin" }] : links;
  return visible.map((link) => (
    <Link key={link.href} href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
      {link.label}
    </Link>
  ));
}
