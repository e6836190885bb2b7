/**
 * Errors that cross the contract. They travel as plain data ({ code, message, details }) over IPC and
 * WebSocket alike and are turned back into ContractError on the client, so UI code handles one type.
 */
export const errorCodes = [
  'invalid_request', // params failed validation, or the message itself was malformed
  'invalid_response', // the engine produced something the contract does not allow (an engine bug)
  'unknown_method',
  'unauthorized',
  'engine_error', // the engine failed while handling a valid request
  'transport_closed', // the connection to the engine went away before an answer came
  'cancelled',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(payload: ErrorPayload): ContractError {
    return new ContractError(payload.code, payload.message, payload.details);
  }

  /** Wraps anything thrown by a handler; ContractErrors keep their code, everything else is engine_error. */
  static from(error: unknown): ContractError {
    if (error instanceof ContractError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ContractError('engine_error', message);
  }
}
