/** Which stages and blocks are drawn collapsed: a default per level, plus the user's overrides by name. */
import type { ModelAnalysis } from '../core';

export interface CollapseState {
  /** Default for stages (`layer3`) and blocks (`layer3.5`): true draws them as one node. */
  stages: boolean;
  blocks: boolean;
  /** Per-name choices the user made (`layer3` → false: expanded). */
  overrides: Record<string, boolean>;
}

export const EXPANDED: CollapseState = { stages: false, blocks: false, overrides: {} };
export const COLLAPSED: CollapseState = { stages: true, blocks: true, overrides: {} };

/** Node budgets for the default view: all layers while they fit, else blocks, else whole stages. */
const LAYER_BUDGET = 80;
const BLOCK_BUDGET = 45;

export function defaultCollapse(a: ModelAnalysis): CollapseState {
  if (a.layers.length <= LAYER_BUDGET) return EXPANDED;
  const blocks = a.graph.stages.reduce((n, s) => n + s.blocks.length, 0);
  const outside = a.layers.filter((l) => l.layer.part.kind !== 'body').length;
  if (blocks + outside <= BLOCK_BUDGET) return { stages: false, blocks: true, overrides: {} };
  return COLLAPSED;
}

export function isCollapsed(state: CollapseState, name: string): boolean {
  const own = state.overrides[name];
  if (own !== undefined) return own;
  return name.includes('.') ? state.blocks : state.stages;
}

export function setCollapsed(state: CollapseState, name: string, collapsed: boolean): CollapseState {
  return { ...state, overrides: { ...state.overrides, [name]: collapsed } };
}

/** Expands whatever hides a layer (its stage and block), so it can be shown. */
export function reveal(state: CollapseState, layerName: string): CollapseState {
  const m = /^(layer\d+)\.(\d+)\./.exec(layerName);
  if (!m) return state;
  return { ...state, overrides: { ...state.overrides, [m[1]]: false, [`${m[1]}.${m[2]}`]: false } };
}

/** Expands a block (and the stage holding it) or a stage, so its box and members are drawn. */
export function revealGroup(state: CollapseState, name: string): CollapseState {
  const stage = name.split('.')[0];
  return { ...state, overrides: { ...state.overrides, [stage]: false, [name]: false } };
}
