/** The one error the PyTorch-file reader throws: the file is malformed, hostile or not a state_dict. */
export class PthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PthError';
  }
}

export function fail(message: string): never {
  throw new PthError(message);
}
