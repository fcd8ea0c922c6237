/** The graph's Export menu: the drawing (through the graph view's handle), the table, and the live model's files. */
import { useMemo, type RefObject } from 'react';
import type { ModelAnalysis } from '../../core';
import type { ModelRunner } from '../../runtime/runner';
import { exportDrawing, exportOnnx, exportTfjs, type DrawingFormat } from '../export/exportActions';
import type { GraphHandle } from '../graph/GraphView';

export interface Exports {
  drawing: (format: DrawingFormat) => void;
  tfjs: () => void;
  onnx: () => void;
}

export function useExports(graph: RefObject<GraphHandle | null>, analysis: ModelAnalysis, fileBase: string, runner: ModelRunner | null): Exports {
  return useMemo(
    () => ({
      drawing: (format: DrawingFormat) => void exportDrawing(format, analysis, fileBase, graph.current?.svg() ?? null),
      tfjs: () => runner && void exportTfjs(runner, fileBase),
      onnx: () => runner && void exportOnnx(runner, fileBase),
    }),
    [graph, analysis, fileBase, runner],
  );
}
