/**
 * Which blocks of a network can be switched off, and what a switched-off block becomes (Veit, Wilber and
 * Belongie 2016, "Residual networks behave like ensembles of relatively shallow networks"):
 *   - a residual block loses its residual branch and passes `relu(shortcut(x))` on (the identity, option A's
 *     zero-pad or option B's projection, as the block had it);
 *   - a plain block whose input and output shapes agree becomes the identity;
 *   - a plain block that changes the shape cannot be removed: nothing would hand on a tensor of its shape.
 */
import type { ModelAnalysis, Shape } from '../analysis';
import { formatShape } from '../analysis';
import type { BlockInfo } from '../graph';
import { INPUT_ID } from '../graph';
import type { ShortcutKind } from '../blocks';
import { PhraseError, phrase, type Phrase } from '../phrase';

export type Deletion =
  | {
      block: BlockInfo;
      deletable: true;
      /** What passes on instead: the block's shortcut (then its ReLU), or the input unchanged (a plain block). */
      becomes: 'shortcut' | 'identity';
      shortcut: ShortcutKind;
    }
  | { block: BlockInfo; deletable: false; why: Phrase };

const shapeOf = (a: ModelAnalysis, id: string): Shape => (id === INPUT_ID ? [a.graph.spec.input.channels, a.graph.spec.input.height, a.graph.spec.input.width] : a.byId.get(id)!.outShape);

/** What switching one block off means for it. */
export function blockDeletion(a: ModelAnalysis, block: BlockInfo): Deletion {
  if (block.shortcut !== 'none') return { block, deletable: true, becomes: 'shortcut', shortcut: block.shortcut };
  const from = shapeOf(a, block.inputId);
  const to = shapeOf(a, block.outputId);
  if (formatShape(from) === formatShape(to)) return { block, deletable: true, becomes: 'identity', shortcut: 'none' };
  return {
    block,
    deletable: false,
    why: phrase('{block} turns {from} into {to} and has no shortcut: without it nothing of that shape would reach the next layer', {
      block: block.name,
      from: formatShape(from),
      to: formatShape(to),
    }),
  };
}

/** Every block of the network, in order, with what switching it off means. */
export function lesionBlocks(a: ModelAnalysis): Deletion[] {
  return a.graph.stages.flatMap((s) => s.blocks.map((b) => blockDeletion(a, b)));
}

/** The names of the blocks that can be switched off, in order. */
export function deletableBlocks(a: ModelAnalysis): string[] {
  return lesionBlocks(a)
    .filter((d) => d.deletable)
    .map((d) => d.block.name);
}

/**
 * A list of blocks to switch off, checked against the network: every name a block it has that can be
 * removed, none twice. Returns them in the network's order; throws a PhraseError naming the first problem.
 */
export function checkDeleted(a: ModelAnalysis, names: readonly string[]): string[] {
  const all = lesionBlocks(a);
  const byName = new Map(all.map((d) => [d.block.name, d]));
  const seen = new Set<string>();
  for (const name of names) {
    const d = byName.get(name);
    if (!d) {
      throw new PhraseError(
        phrase('{name} is not a block of this network (its blocks are {first} to {last})', { name, first: all[0].block.name, last: all.at(-1)!.block.name }),
        'unknown-block',
      );
    }
    if (!d.deletable) throw new PhraseError(d.why, 'not-deletable');
    if (seen.has(name)) throw new PhraseError(phrase('{name} is listed twice', { name }), 'repeated-block');
    seen.add(name);
  }
  return all.filter((d) => seen.has(d.block.name)).map((d) => d.block.name);
}

/** `layer1.0,layer2.1` → its names (spaces around commas allowed; empty → none). */
export function parseBlockList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The layers a switched-off block no longer runs (what the graph draws struck through): its residual branch
 * and the add for a residual block (its shortcut and final ReLU still run), every layer for a plain block.
 */
export function removedLayers(a: ModelAnalysis, deleted: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const names = new Set(deleted);
  for (const l of a.layers) {
    const p = l.layer.part;
    if (p.kind !== 'body') continue;
    const block = a.graph.stages[p.stage].blocks[p.block];
    if (!names.has(block.name)) continue;
    if (block.shortcut === 'none') out.add(l.layer.id);
    else if (!l.layer.onShortcut && l.layer.id !== block.outputId) out.add(l.layer.id);
  }
  return out;
}
