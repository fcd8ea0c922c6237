/** The pure architecture core: no React, tfjs or DOM. */
export * from './spec';
export * from './blocks';
export * from './specKey';
export * from './presets';
export * from './graph';
export * from './analysis';
export * from './validate';
export * from './format';
export * from './table';
export * from './stateDict';
export * from './preprocess';
export * from './resample';
export * from './compare';
export * from './export/pytorch';
export * from './export/onnx';
// `./pretrained` is imported on its own: it reads a JSON file, which the end-to-end tests' loader cannot.
export * from './emitter';
export * from './phrase';
export * from './trainSettings';
