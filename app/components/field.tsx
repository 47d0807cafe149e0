import type { InputHTMLAttributes } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
};

/** A labelled input whose errors are announced and tied to it for screen readers. */
export function Field({ name, label, hint, errors, ...input }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {errors?.length ? (
        <p className="error" id={`${id}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The account's email address, as every account form asks for it. */
export function EmailField({
  defaultValue,
  errors,
  autoComplete = "username",
}: {
  defaultValue?: string;
  errors?: string[];
  autoComplete?: string;
}) {
  return <Field name="email" label="Email" type="email" autoComplete={autoComplete} required defaultValue={defaultValue} errors={errors} />;
}

/** The account's current password, entered to sign in or to confirm a change. */
export function PasswordField({ errors, hint }: { errors?: string[]; hint?: string }) {
  return <Field name="password" label="Password" type="password" autoComplete="current-password" required hint={hint} errors={errors} />;
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert">
      {message}
    </div>
  );
}

export function FormNotice({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="alert" role="status">
      {message}
    </div>
  );
}
