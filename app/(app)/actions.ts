"use server";

import { redirect } from "next/navigation";
import { endCurrentSession } from "@/lib/current-session";

export async function logOutAction(): Promise<void> {
  await endCurrentSession();
  redirect("/login");
}
