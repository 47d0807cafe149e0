import { z } from "zod";
import { type FieldErrors, toAppError } from "./errors";
import { fieldErrorsOf } from "./http";

// Server actions share the API's schemas and lib/ calls; this maps their
// outcome to what a form shows.

export type FormState = {
  error?: string;
  /** A success message to show in place of the form's outcome. */
  notice?: string;
  fields?: FieldErrors;
  values?: Record<string, string>;
};

/** Runs `action` on the form's input parsed by `schema`; known failures become form state. */
export async function runFormAction<T extends z.ZodType>(
  schema: T,
  input: Record<string, unknown>,
  keepValues: Record<string, string>,
  action: (data: z.infer<T>) => Promise<FormState | void>,
): Promise<FormState> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { error: "Please correct the marked fields.", fields: fieldErrorsOf(parsed.error), values: keepValues };
  }
  try {
    return (await action(parsed.data)) ?? {};
  } catch (error) {
    const known = toAppError(error);
    if (!known) throw error;
    // Field errors are shown by their fields; the summary only points to them.
    const summary = known.fieldErrors ? "Please correct the marked fields." : known.message;
    return { error: summary, fields: known.fieldErrors, values: keepValues };
  }
}

export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
