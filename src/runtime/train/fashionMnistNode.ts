/** The Fashion-MNIST subset in Node: read from public/data/ (or a given path). */
import { readFile } from 'node:fs/promises';
import { decodeFashionMnistFile, type FashionMnist } from './fashionMnist';

export const FASHION_MNIST_FILE = new URL('../../../public/data/fashion-mnist-subset.bin.gz', import.meta.url);

export async function readFashionMnist(path: string | URL = FASHION_MNIST_FILE): Promise<FashionMnist> {
  return decodeFashionMnistFile(new Uint8Array(await readFile(path)));
}
