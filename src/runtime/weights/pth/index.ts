/** Reading torch.save files (.pth, .pt, .bin) safely: see torchFile.ts. */
export { PthError } from './error';
export { readTorchFile, torchFormat, type TorchFormat } from './torchFile';
