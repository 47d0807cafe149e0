"use client";

import { CodeForm } from "@/app/components/code-form";
import { completeSignInAction } from "./actions";

export function SecondFactorForm({ next }: { next: string }) {
  return <CodeForm action={completeSignInAction} next={next} submitLabel="Continue" />;
}
