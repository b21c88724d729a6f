// Refusals of the request service; the handlers turn them into the contract's error codes.
export type RequestErrorCode =
  'NOT_FOUND' | 'INVALID_REQUEST' | 'NOT_VERIFIED' | 'NOT_OPEN' | 'DUPLICATE';

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
