// Refusals of the request service; the handlers turn them into the contract's error codes.
export type RequestErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'NOT_VERIFIED'
  | 'NOT_OPEN'
  | 'DUPLICATE'
  /** A tracking code that is not the ticket's. */
  | 'BAD_CODE'
  /** Too many look-ups without a receipt, or too many wrong codes for the ticket, just now. */
  | 'RATE_LIMITED';

export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
