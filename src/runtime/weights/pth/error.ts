/** The one error the PyTorch-file reader throws: the file is malformed, hostile or not a state_dict (code `pth`). */
import { PhraseError, type Phrase } from '../../../core/phrase';

export class PthError extends PhraseError {
  constructor(reason: Phrase) {
    super(reason, 'pth');
    this.name = 'PthError';
  }
}

export function fail(reason: Phrase): never {
  throw new PthError(reason);
}
