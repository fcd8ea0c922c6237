/** A long list of problems, shortened for one line of a message. */
import { joinPhrases, phrase, type Phrase } from '../../core/phrase';

/** The first few problems of a list as one phrase (`a; b; c; …`). */
export function someProblems(problems: Phrase[], most = 3): Phrase {
  return joinPhrases(problems.length > most ? [...problems.slice(0, most), phrase('…')] : problems);
}
