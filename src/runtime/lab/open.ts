/** A state_dict file (safetensors or .pth) read and checked against a network, then built into a LabNet. */
import { stateDictSchema, type ModelAnalysis } from '../../core';
import { checkWeights } from '../weights/load';
import { LabNet, type TorchModules } from './labNet';

/** Throws WeightsError (every problem listed) when the file does not fit the network; nothing is allocated then. */
export function readModules(analysis: ModelAnalysis, bytes: Uint8Array): TorchModules {
  return checkWeights(bytes, analysis, stateDictSchema(analysis.graph)).modules;
}

export function openNet(analysis: ModelAnalysis, bytes: Uint8Array): { net: LabNet; modules: TorchModules } {
  const modules = readModules(analysis, bytes);
  return { net: new LabNet(analysis, modules), modules };
}
