// The one way a service says no: a code the contract declares (or a common one), a message for
// logs and developers, and the fields at fault. Dispatch turns it into the call's failed outcome;
// nothing between a service and dispatch catches or renames it.
import type { RefusalCode } from './contract';

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
