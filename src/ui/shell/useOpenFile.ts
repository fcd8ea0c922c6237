/** Opens a file given to the page (dropped, pasted or picked): an image runs, weights load, a spec opens. */
import { useCallback, useState } from 'react';
import type { InferenceSession } from '../../runtime/inference';
import type { ModelRunner } from '../../runtime/runner';
import type { ModelStore } from '../../state/modelStore';
import { fileKind, type FileKind } from './fileKind';

export function useOpenFile(store: ModelStore, runner: ModelRunner | null, session: InferenceSession | null, onImage: () => void) {
  const [fileError, setFileError] = useState<string | null>(null);
  const openFile = useCallback(
    /** `as` forces the kind (the Weights picker loads whatever it is given as weights). */
    async (file: File, as?: FileKind) => {
      setFileError(null);
      // Anything else is tried as a picture: the image reader sniffs it and says what it is not.
      const kind = as ?? fileKind(file.type, file.name) ?? 'image';
      if (kind === 'image') {
        if (!session) {
          setFileError('TensorFlow.js is still loading; give it the image again in a moment.');
          return;
        }
        onImage();
        await session.setImage(file, file.name);
      } else if (kind === 'weights') {
        if (!runner) {
          setFileError('TensorFlow.js is still loading; drop the weights again in a moment.');
          return;
        }
        await runner.loadWeights(file.name, new Uint8Array(await file.arrayBuffer()), true);
      } else {
        let raw: unknown;
        try {
          raw = JSON.parse(await file.text());
        } catch {
          setFileError(`${file.name} is not valid JSON, so no model was opened from it.`);
          return;
        }
        const errors = store.loadSpec(raw);
        if (errors.length) setFileError(`${file.name} is not a model spec this app can build: ${errors.map((e) => e.message).join('; ')}`);
      }
    },
    [runner, session, store, onImage],
  );
  return { openFile, fileError, dismissFileError: () => setFileError(null) };
}
