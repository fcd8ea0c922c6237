/**
 * The adapter between the Train tab's store and the runtime: the Fashion-MNIST subset the app serves, and a
 * `Trainer` per run on the live backend (loaded on first use, so the tab costs nothing until Start).
 */
import { checkModel, type ResNetSpec } from '../../core';
import type { TrainEngine } from '../../state/trainStore';
import type { FashionMnist } from '../../runtime/train';

let subset: Promise<FashionMnist> | null = null;

/** The subset, fetched once for the page (the Train tab and the Run tab's test images share it). */
export function loadFashionMnist(): Promise<FashionMnist> {
  subset ??= import('../../runtime/train').then((m) => m.fetchFashionMnist(`${import.meta.env.BASE_URL}${m.FASHION_MNIST_URL}`));
  subset.catch(() => {
    subset = null;
  });
  return subset;
}

export async function loadTrainEngine(ready: () => Promise<unknown>): Promise<TrainEngine> {
  const [train] = await Promise.all([import('../../runtime/train'), ready()]);
  const data = train.fashionMnistData(await loadFashionMnist());
  return {
    data,
    createTrainer(spec: ResNetSpec, config) {
      const checked = checkModel(train.forDataset(spec, data));
      if (!checked.ok) throw new train.TrainingError(checked.errors.map((e) => e.message).join('; '));
      return new train.Trainer(checked.value, data, config);
    },
  };
}
