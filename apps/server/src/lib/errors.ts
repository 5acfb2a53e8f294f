import type { ErrorCode } from '@stride/contracts';

export interface FieldError {
  field: string;
  /** A stable code: an ErrorCode or a validation code such as "too_small". */
  code: string;
  message?: string;
}

/** An expected failure with a stable code; the error handler renders it as problem details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
  }
}

export const fail = (code: ErrorCode, fieldErrors: FieldError[] = []): never => {
  throw new AppError(code, fieldErrors);
};
