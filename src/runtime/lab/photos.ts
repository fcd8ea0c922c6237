/**
 * ImageNet weights have no test set here: the lab shows instead how the top-5 of a few photos changes as blocks
 * are switched off — the picture in the Run tab, if any, and the app's sample photos, prepared as the Run tab
 * prepares them (torchvision's resize, centre crop and ImageNet statistics). Prepared once per model input.
 */
import { TORCHVISION_V1, preprocessingKey, specKey, type Preprocessing, type ResNetSpec } from '../../core';
import { datasetOf } from '../input/datasets';
import { decodeImage, prepareInput, type DecodedImage } from '../input/image';

export interface Photos {
  names: string[];
  /** Which are the app's sample photos (their names are the UI's words, to translate), not the current picture. */
  sample: boolean[];
  images: { values: Float32Array; shape: [number, number, number, number] }[];
}

let cache: { key: string; photos: Photos } | null = null;

/** A sample photo fetched from its URL and decoded; null when it is not there (the lab goes on without it). */
export type SampleReader = (url: string, file: string) => Promise<DecodedImage | null>;

async function fetchSample(url: string, file: string): Promise<DecodedImage | null> {
  const res = await fetch(url);
  return res.ok ? decodeImage(await res.blob(), file) : null;
}

/** The photos for an ImageNet model (null for any other), the current picture first, prepared as the weights ask. */
export async function preparePhotos(
  spec: ResNetSpec,
  current: DecodedImage | null,
  samples: readonly { file: string; label: string }[],
  base: string,
  preprocessing: Preprocessing = TORCHVISION_V1,
  read: SampleReader = fetchSample,
): Promise<Photos | null> {
  if (datasetOf(spec) !== 'imagenet') return null;
  const key = `${specKey(spec)}|${preprocessingKey(preprocessing)}|${current?.name ?? ''}`;
  if (cache?.key === key) return cache.photos;
  const photos: Photos = { names: [], sample: [], images: [] };
  const add = async (name: string, img: DecodedImage, sample: boolean) => {
    const p = await prepareInput(img, spec.input, preprocessing, 'imagenet');
    photos.names.push(name);
    photos.sample.push(sample);
    photos.images.push({ values: p.values, shape: p.shape });
  };
  if (current) await add(current.name, current, false);
  for (const s of samples) {
    const img = await read(`${base}samples/${s.file}`, s.file);
    if (!img) continue;
    try {
      await add(s.label, img, true);
    } finally {
      img.bitmap.close();
    }
  }
  cache = { key, photos };
  return photos;
}
