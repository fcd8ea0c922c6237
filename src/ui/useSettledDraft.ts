/** The configurator's view of the draft: what the user is typing, handed to the store once it settles. */
import { useEffect, useLayoutEffect, useReducer, useState } from 'react';
import { DraftSettler } from '../state/draftSettler';
import type { FormDraft } from '../state/formDraft';
import type { ModelState } from '../state/modelStore';

export function useSettledDraft(state: ModelState, onDraft: (draft: FormDraft, field: string) => void): { draft: FormDraft; settler: DraftSettler } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [settler] = useState(() => new DraftSettler(onDraft, rerender));
  useLayoutEffect(() => settler.handTo(onDraft), [settler, onDraft]);
  // The model changed elsewhere (a preset, undo, back, a spec file): what was being typed no longer applies.
  useEffect(() => {
    if (!settler.handedOver(state.draft)) settler.discard();
  }, [settler, state.draft]);
  // Leaving (the page is torn down) hands over what was typed.
  useEffect(() => () => settler.flush(), [settler]);
  return { draft: settler.typing ?? state.draft, settler };
}
