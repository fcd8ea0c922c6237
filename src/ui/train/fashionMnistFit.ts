/** A spec trained on Fashion-MNIST takes its input (1×28×28) and 10 classes (no TensorFlow.js imported). */
import type { ResNetSpec } from '../../core';
import { forDataset } from '../../runtime/train/data';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_INPUT } from '../../runtime/train/fashionMnist';

export const fitFashionMnist = (spec: ResNetSpec): ResNetSpec => forDataset(spec, { input: FASHION_MNIST_INPUT, numClasses: FASHION_MNIST_CLASSES.length });
