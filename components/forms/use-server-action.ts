"use client";
import { useCallback, useState, useTransition } from "react";
import type { ErrorBody, Result } from "@/lib/errors";
import { formErrors, type FormErrors } from "@/lib/ui/form-errors";

const NO_ERRORS: FormErrors = { fields: {}, form: null };
const OFFLINE: ErrorBody = { code: "internal", message: "Could not reach the server. Check your connection and try again." };

type Handlers<R> = {
  onSuccess?: (data: R) => unknown;
  /** Return true when the error was handled and needs no message. */
  onError?: (error: ErrorBody) => boolean | void;
};

/**
 * Calls a server action with a plain object, tracks pending state, and turns a failed
 * `Result` into messages for the form's fields (or the form as a whole).
 */
export function useServerAction<I, R>(action: (input: I) => Promise<Result<R>>, knownFields: readonly string[] = []) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const run = useCallback(
    (input: I, handlers: Handlers<R> = {}) => {
      setErrors(NO_ERRORS);
      startTransition(async () => {
        let result: Result<R>;
        try {
          result = await action(input);
        } catch {
          result = { ok: false, error: OFFLINE };
        }
        if (result.ok) {
          await handlers.onSuccess?.(result.data);
          return;
        }
        if (handlers.onError?.(result.error)) return;
        setErrors(formErrors(result.error, knownFields));
      });
    },
    // knownFields is a literal list per form; its identity does not matter.
    [action],
  );

  const reset = useCallback(() => setErrors(NO_ERRORS), []);
  return { run, pending, errors, setErrors, reset };
}
