/** The lab's test set: the Fashion-MNIST subset's 2,000 test images, normalised as for training. */
import { fashionMnistData, type FashionMnist } from '../train/fashionMnist';
import type { LabData } from './evaluate';

export function fashionMnistTest(set: FashionMnist): LabData {
  const data = fashionMnistData(set);
  const batch = data.testBatch(0, data.testCount);
  return { images: batch.input, labels: batch.labels, count: batch.size, input: data.input };
}
