/**
 * `npx tsx scripts/make-fashion-mnist-subset.ts [SOURCE_DIR]` writes public/data/fashion-mnist-subset.bin.gz:
 * the first 1,000 training images of each class (10,000) and the first 200 test images of each class (2,000)
 * of Zalando's Fashion-MNIST (IDX files, gzip; MIT licence), in their original order, in the format
 * `src/runtime/train/fashionMnist.ts` reads. SOURCE_DIR defaults to ../shared/data/fashion-mnist (beside the repository).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeFashionMnist } from '../src/runtime/train/fashionMnist';

const TRAIN_PER_CLASS = 1000;
const TEST_PER_CLASS = 200;
const source = process.argv[2] ?? join(import.meta.dirname, '../../shared/data/fashion-mnist');
const out = join(import.meta.dirname, '../public/data/fashion-mnist-subset.bin.gz');

function idx(name: string, magic: number): { dims: number[]; data: Uint8Array } {
  const bytes = gunzipSync(readFileSync(join(source, name)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`${name}: magic ${view.getUint32(0)}, expected ${magic}`);
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * rank) };
}

function subset(prefix: string, perClass: number) {
  const images = idx(`${prefix}-images-idx3-ubyte.gz`, 2051);
  const labels = idx(`${prefix}-labels-idx1-ubyte.gz`, 2049);
  const [, rows, cols] = images.dims;
  const px = rows * cols;
  const taken = new Array(10).fill(0);
  const pick: number[] = [];
  for (let i = 0; i < labels.dims[0] && pick.length < perClass * 10; i++) {
    if (taken[labels.data[i]] < perClass) {
      taken[labels.data[i]]++;
      pick.push(i);
    }
  }
  const img = new Uint8Array(pick.length * px);
  pick.forEach((src, k) => img.set(images.data.subarray(src * px, (src + 1) * px), k * px));
  return { rows, cols, set: { images: img, labels: Uint8Array.from(pick, (i) => labels.data[i]), count: pick.length } };
}

const train = subset('train', TRAIN_PER_CLASS);
const test = subset('t10k', TEST_PER_CLASS);
const bytes = encodeFashionMnist({ rows: train.rows, cols: train.cols, train: train.set, test: test.set });
writeFileSync(out, gzipSync(bytes, { level: 9 }));
console.log(`${out}: ${train.set.count} training and ${test.set.count} test images, ${bytes.length} bytes (${readFileSync(out).length} gzipped)`);
