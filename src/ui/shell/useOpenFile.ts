/**
 * Opens files given to the page (dropped, pasted or picked): an image runs, weights load, a spec opens, and a
 * TensorFlow.js export (model.json with its weights file, given together) loads its model and weights.
 */
import { useCallback, useState } from 'react';
import { describeModel, sameSpec } from '../../core';
import { joinPhrases, phrase, type Phrase } from '../../core/phrase';
import type { InferenceSession } from '../../runtime/inference';
import type { ModelRunner } from '../../runtime/runner';
import { isTfjsModelJson, tfjsToSafetensors } from '../../runtime/weights/tfjsImport';
import type { ModelStore } from '../../state/modelStore';
import { planOpen, type FileKind } from '../fileKind';

const LOADING = {
  files: 'TensorFlow.js is still loading; open the files again in a moment.',
  image: 'TensorFlow.js is still loading; give it the image again in a moment.',
  weights: 'TensorFlow.js is still loading; drop the weights again in a moment.',
} as const;
const stillLoading = (what: keyof typeof LOADING) => phrase(LOADING[what]);
const bytesOf = async (f: File) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

export function useOpenFile(store: ModelStore, runner: ModelRunner | null, session: InferenceSession | null, onImage: () => void) {
  const [fileError, setFileError] = useState<Phrase | null>(null);

  /** model.json and the files given with it: its architecture becomes the model's, its weights load. */
  const openTfjs = useCallback(
    async (jsonFile: File, json: unknown, others: File[]) => {
      const r = tfjsToSafetensors(json, await Promise.all(others.map(bytesOf)), jsonFile.name);
      if (!r.ok) return setFileError(r.message);
      if (!runner) return setFileError(stillLoading('files'));
      const described = r.spec === null ? null : describeModel(r.spec);
      if (described?.ok && !sameSpec(described.value.graph.spec, store.getState().analysis.graph.spec)) {
        store.loadSpec(r.spec);
        runner.setSpec(store.getState().analysis);
      }
      await runner.loadWeights(r.weightsName, r.safetensors);
    },
    [runner, store],
  );

  const openFiles = useCallback(
    /** `as` forces the kind (the Weights picker loads whatever it is given as weights). */
    async (files: File[], as?: FileKind) => {
      setFileError(null);
      if (!files.length) return;
      const plan = as ? { kind: as, index: 0 } : planOpen(files);
      if (plan.kind === 'tfjs') {
        const jsonFile = files[plan.json];
        const json = await parseJson(jsonFile);
        if (json === undefined) return setFileError(phrase('{name} is not valid JSON, so no model was opened from it.', { name: jsonFile.name }));
        return openTfjs(jsonFile, json, plan.weights.map((i) => files[i]));
      }
      const file = files[plan.index];
      if (plan.kind === 'tfjs-weights-alone') {
        return setFileError(phrase('{name} holds TensorFlow.js weights without their layout: open it together with its model.json (select both, or drop both at once).', { name: file.name }));
      }
      // Anything else is tried as a picture: the image reader sniffs it and says what it is not.
      const kind = plan.kind ?? 'image';
      if (kind === 'image') {
        if (!session) return setFileError(stillLoading('image'));
        onImage();
        await session.setImage(file, file.name);
      } else if (kind === 'weights') {
        if (!runner) return setFileError(stillLoading('weights'));
        await runner.loadWeights(file.name, new Uint8Array(await file.arrayBuffer()), true);
      } else {
        const raw = await parseJson(file);
        if (raw === undefined) return setFileError(phrase('{name} is not valid JSON, so no model was opened from it.', { name: file.name }));
        if (isTfjsModelJson(raw)) return openTfjs(file, raw, []);
        const errors = store.loadSpec(raw);
        if (errors.length) setFileError(phrase('{name} is not a model spec this app can build: {problems}', { name: file.name, problems: joinPhrases(errors.map((e) => e.phrase)) }));
      }
    },
    [runner, session, store, onImage, openTfjs],
  );
  return { openFiles, fileError, dismissFileError: () => setFileError(null) };
}

/** The file's JSON, or undefined when it is not JSON. */
async function parseJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    return undefined;
  }
}
