"use client";

import { CodeForm } from "@/app/components/code-form";
import { stepUpWithCodeAction } from "./actions";

export function StepUpCodeForm({ next }: { next: string }) {
  return <CodeForm action={stepUpWithCodeAction} next={next} submitLabel="Confirm" />;
}
