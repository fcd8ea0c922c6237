/** Every file the app writes, in one place: the Export menu and the Take-it-home panel both call these. */
import { summaryCsv, summaryMarkdown, type ModelAnalysis, type PresetName } from '../../core';
import type { ModelRunner } from '../../runtime/runner';
import { download, drawnSize, standaloneSvg, svgToPng } from '../graph/exportGraph';

export function modelFileName(preset: PresetName | null): string {
  return preset ?? 'custom-resnet';
}

export type DrawingFormat = 'svg' | 'png' | 'csv' | 'md';

/** The graph as drawn (SVG, PNG: `svg` is the graph view's drawing) or the layer table (CSV, Markdown). */
export async function exportDrawing(format: DrawingFormat, analysis: ModelAnalysis, fileBase: string, svg: SVGSVGElement | null): Promise<void> {
  if (format === 'csv') return download(`${fileBase}-layers.csv`, summaryCsv(analysis), 'text/csv');
  if (format === 'md') return download(`${fileBase}-layers.md`, summaryMarkdown(analysis), 'text/markdown');
  if (!svg) return;
  // The drawing's own size: a big graph is drawn wrapped into columns, not as the layout's single column.
  const { width, height } = drawnSize(svg);
  const text = standaloneSvg(svg, width, height);
  if (format === 'svg') return download(`${fileBase}-graph.svg`, text, 'image/svg+xml');
  download(`${fileBase}-graph.png`, await svgToPng(text, width + 32, height + 32));
}

/** The live model as TensorFlow.js artifacts: model.json and its weights file. */
export async function exportTfjs(runner: ModelRunner, fileBase: string): Promise<void> {
  if (!runner.getState().model) return;
  const a = await runner.tfjsArtifacts(fileBase);
  download('model.json', a.modelJson, 'application/json');
  download(a.weightsName, new Blob([a.weights as BlobPart]), 'application/octet-stream');
}

/** The live model, with its current weights, as an ONNX file (opset 13, torchvision's names on the initializers). */
export async function exportOnnx(runner: ModelRunner, fileBase: string): Promise<void> {
  if (!runner.getState().model) return;
  const bytes = await runner.onnxFile();
  download(`${fileBase}.onnx`, new Blob([bytes as BlobPart]), 'application/octet-stream');
}
