export interface ClassifiedError {
  code: string;
  message: string;
  status?: number;
  retriable: boolean;
  /** The failed call may have been applied. */
  outcomeUnknown: boolean;
  retryAfterMs?: number;
}

const MAX_ERROR_LENGTH = 1_000;

/**
 * Duck-typed on the EngageApiError shape (`code`, `status`, `retriable`, `outcomeUnknown`,
 * `retryAfterSeconds`) so executors for other platforms can throw their own errors. Anything else is
 * not retriable: retrying a bug sends the same bug.
 */
export function classifyError(error: unknown): ClassifiedError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code =
    typeof shape.code === 'string' ? shape.code : error instanceof Error ? error.name : 'unknown_error';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  const retryAfterSeconds = shape.retryAfterSeconds;
  return {
    code,
    message,
    status: typeof shape.status === 'number' ? shape.status : undefined,
    retriable: shape.retriable === true,
    outcomeUnknown: shape.outcomeUnknown === true,
    retryAfterMs:
      typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? retryAfterSeconds * 1_000 : undefined,
  };
}
