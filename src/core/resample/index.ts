/** PIL's resize (bilinear, bicubic) and mode conversions, byte for byte: torchvision's preprocessing in pure code. */
export { PRECISION_BITS, coefficients, type Coefficients } from './coefficients';
export { rgbToLuma } from './convert';
export { CHUNK_ROWS, planResample, resample, resizeCrop, wholePicture, type Pixels, type Region, type ResamplePlan, type RowSource, type Window } from './resample';
