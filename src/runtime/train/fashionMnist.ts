/**
 * The Fashion-MNIST subset the app ships (public/data/, made by scripts/make-fashion-mnist-subset.ts from
 * Zalando's IDX files, MIT licence, credits in public/data/CREDITS.md): a gzip-compressed file holding a
 * 32-byte header — "RXFMNIST", then little-endian uint32 version (1), training count, test count, rows,
 * cols, and 4 zero bytes — then the training images (uint8, row-major), training labels (uint8), test images
 * and test labels. Loads with `fetch` in the browser and from a file in Node (`fashionMnistNode.ts`).
 */
import { PhraseError, phrase } from '../../core';
import type { Batch, TrainingData } from './data';

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
/** The training set's pixel mean and standard deviation after scaling to [0, 1] (as the PyTorch fixtures use). */
export const FASHION_MNIST_MEAN = 0.286;
export const FASHION_MNIST_STD = 0.353;
export const FASHION_MNIST_INPUT = { channels: 1, height: 28, width: 28 } as const;
/** Where the app serves the subset from (relative to the page). */
export const FASHION_MNIST_URL = 'data/fashion-mnist-subset.bin.gz';

const MAGIC = 'RXFMNIST';
export const HEADER_BYTES = 32;

export interface FashionMnist {
  rows: number;
  cols: number;
  train: { images: Uint8Array; labels: Uint8Array; count: number };
  test: { images: Uint8Array; labels: Uint8Array; count: number };
}

/** The file's bytes (as stored: header + data, before gzip) from the two sets. */
export function encodeFashionMnist(d: FashionMnist): Uint8Array {
  const px = d.rows * d.cols;
  const out = new Uint8Array(HEADER_BYTES + (d.train.count + d.test.count) * (px + 1));
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  [1, d.train.count, d.test.count, d.rows, d.cols].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  let at = HEADER_BYTES;
  for (const part of [d.train.images, d.train.labels, d.test.images, d.test.labels]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Parses the (decompressed) file, checking every size against the header. */
export function decodeFashionMnist(bytes: Uint8Array): FashionMnist {
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new PhraseError(phrase('this is not a Fashion-MNIST subset file (it has no RXFMNIST header)'), 'data');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, trainCount, testCount, rows, cols] = [0, 1, 2, 3, 4].map((i) => view.getUint32(8 + 4 * i, true));
  if (version !== 1) throw new PhraseError(phrase('version {version} of the Fashion-MNIST subset file is not supported', { version }), 'data');
  const px = rows * cols;
  const expected = HEADER_BYTES + (trainCount + testCount) * (px + 1);
  if (bytes.length !== expected) throw new PhraseError(phrase('the Fashion-MNIST subset file has {size} bytes; its header says {expected}', { size: bytes.length, expected }), 'data');
  let at = HEADER_BYTES;
  const take = (n: number) => bytes.subarray(at, (at += n));
  const train = { images: take(trainCount * px), labels: take(trainCount), count: trainCount };
  const test = { images: take(testCount * px), labels: take(testCount), count: testCount };
  for (const set of [train.labels, test.labels]) {
    const bad = set.findIndex((l) => l >= FASHION_MNIST_CLASSES.length);
    if (bad >= 0) throw new PhraseError(phrase('label {label} (image {index}) is not a Fashion-MNIST class', { label: set[bad], index: bad }), 'data');
  }
  return { rows, cols, train, test };
}

/** gzip-compressed bytes (or already plain ones, when a server decompressed them on the way) → the data set. */
export async function decodeFashionMnistFile(bytes: Uint8Array): Promise<FashionMnist> {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return decodeFashionMnist(bytes);
}

/** In the browser: fetches the subset the app serves. */
export async function fetchFashionMnist(url: string = FASHION_MNIST_URL): Promise<FashionMnist> {
  const res = await fetch(url);
  if (!res.ok) throw new PhraseError(phrase('the server answered {status} {text}', { status: res.status, text: res.statusText }), 'data');
  return decodeFashionMnistFile(new Uint8Array(await res.arrayBuffer()));
}

/** The data set as training batches: pixels scaled to [0, 1], then (x − 0.2860) / 0.3530. */
export function fashionMnistData(d: FashionMnist): TrainingData {
  const px = d.rows * d.cols;
  const lut = new Float32Array(256).map((_, v) => (v / 255 - FASHION_MNIST_MEAN) / FASHION_MNIST_STD);
  const cut = (set: FashionMnist['train'], indices: ArrayLike<number>): Batch => {
    const input = new Float32Array(indices.length * px);
    const labels = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const src = indices[i] * px;
      for (let k = 0; k < px; k++) input[i * px + k] = lut[set.images[src + k]];
      labels[i] = set.labels[indices[i]];
    }
    return { input, labels, size: indices.length };
  };
  return {
    input: { channels: 1, height: d.rows, width: d.cols },
    numClasses: FASHION_MNIST_CLASSES.length,
    trainCount: d.train.count,
    testCount: d.test.count,
    trainBatch: (indices) => cut(d.train, indices),
    testBatch: (start, end) => cut(d.test, Array.from({ length: Math.min(end, d.test.count) - start }, (_, i) => start + i)),
  };
}
