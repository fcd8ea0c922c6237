/**
 * The live model as TensorFlow.js artifacts: `model.json` (the spec, the layer table and a standard weights
 * manifest) and one binary of weights, readable with `tf.io.decodeWeights`; opened together, both load back into this app (`tfjsImport.ts`).
 */
import { summaryJson } from '../../core';
import type { ResNetModel } from '../model/resnet';

export async function tfjsArtifacts(model: ResNetModel, base: string): Promise<{ modelJson: string; weights: Uint8Array; weightsName: string }> {
  const dict = await model.toStateDict();
  const weightsName = `${base}.weights.bin`;
  const specs = dict.map((d) => ({ name: d.key, shape: d.shape, dtype: d.dtype === 'I64' ? 'int32' : 'float32' }));
  const size = dict.reduce((n, d) => n + (d.dtype === 'I64' ? 4 : d.data.byteLength), 0);
  const weights = new Uint8Array(size);
  let at = 0;
  for (const d of dict) {
    const bytes = d.dtype === 'I64' ? new Uint8Array(Int32Array.from([Number((d.data as BigInt64Array)[0])]).buffer) : new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.byteLength);
    weights.set(bytes, at);
    at += bytes.length;
  }
  const modelJson = JSON.stringify(
    {
      format: 'resnet-explorer',
      generatedBy: 'ResNet Explorer',
      convertedBy: null,
      modelTopology: { spec: model.analysis.graph.spec, layout: 'PyTorch (convolutions OIHW, linear [out, in])', layers: summaryJson(model.analysis).layers },
      weightsManifest: [{ paths: [weightsName], weights: specs }],
    },
    null,
    2,
  );
  return { modelJson, weights, weightsName };
}
