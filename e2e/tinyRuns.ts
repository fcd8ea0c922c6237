/** The Train tab's tests' models: a plain net and its residual twin small enough that a run ends in seconds. */
import { presetSpec, type ResNetSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import { fitFashionMnist } from '../src/ui/train/fashionMnistFit';

/** 8 and 16 channels, `blocks` blocks per stage, the Fashion-MNIST input; `residual: false` is the plain twin. */
export const TINY = (residual: boolean, blocks = 1): ResNetSpec => ({
  ...fitFashionMnist(presetSpec('resnet20')),
  stages: [
    { blocks, width: 8, stride: 1 },
    { blocks, width: 16, stride: 2 },
  ],
  stem: { kernel: 3, stride: 1, width: 8, maxPool: false },
  residual,
});

/** The twins as this browser's library stores saved models, under the names a user gave them. */
export const tinyLibrary = (plainName: string, residualName: string) => [
  { name: plainName, query: serializeSpec(TINY(false)).toString() },
  { name: residualName, query: serializeSpec(TINY(true)).toString() },
];
