/** The comparison being made: which view is shown and the variants, kept in the URL beside the built model. */
import { Emitter } from '../core/emitter';
import { presetSpec, type CompareSize, type ResNetSpec, type SpecError } from '../core';
import { DEFAULT_VARIANTS, MAX_VARIANTS, parseCompareQuery, writeCompareQuery } from './compareState';
import type { UrlAdapter } from './modelStore';

export interface CompareStateData {
  open: boolean;
  variants: ResNetSpec[];
  linkErrors: SpecError[];
  /** The input size every variant is compared at; null: the built model's. */
  size: CompareSize | null;
}

const defaults = () => DEFAULT_VARIANTS.map((n) => presetSpec(n as Parameters<typeof presetSpec>[0]));

export class CompareStore {
  private state: CompareStateData;
  private readonly emitter = new Emitter();

  constructor(private readonly url: UrlAdapter) {
    const q = parseCompareQuery(url.read(), defaults());
    this.state = { open: q.compare, variants: q.variants, linkErrors: q.errors, size: q.size };
  }

  getState = (): CompareStateData => this.state;

  readonly subscribe = this.emitter.subscribe;

  dispose(): void {
    this.emitter.dispose();
  }

  private commit(next: Partial<CompareStateData>): void {
    this.state = { ...this.state, ...next };
    const { open, variants, size } = this.state;
    this.url.write(writeCompareQuery(this.url.read(), open, open ? variants : [], size), false);
    this.emitter.emit();
  }

  setOpen(open: boolean): void {
    if (open !== this.state.open) this.commit({ open });
  }

  setVariant(i: number, spec: ResNetSpec): void {
    this.commit({ variants: this.state.variants.map((v, j) => (j === i ? spec : v)) });
  }

  add(spec: ResNetSpec): void {
    if (this.state.variants.length < MAX_VARIANTS) this.commit({ variants: [...this.state.variants, spec] });
  }

  remove(i: number): void {
    if (this.state.variants.length > 1) this.commit({ variants: this.state.variants.filter((_, j) => j !== i) });
  }

  /** Compares at this size (null: at the built model's). */
  setSize(size: CompareSize | null): void {
    this.commit({ size });
  }

  syncFromUrl(): void {
    const q = parseCompareQuery(this.url.read(), this.state.variants);
    this.state = { open: q.compare, variants: q.variants, linkErrors: q.errors, size: q.size };
    this.emitter.emit();
  }
}
