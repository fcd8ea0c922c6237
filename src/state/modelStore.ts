/**
 * The model being built, as a small store with no React: the last valid spec (what the graph shows), the
 * form's draft (which may be invalid) and its errors. Valid edits go into the URL (links and reloads restore
 * the model; back and forward step through edits) and onto an undo stack; quick edits to one field coalesce
 * into one step. The URL is reached through an adapter, so the store runs in unit tests as it runs in the app.
 */
import {
  joinPhrases,
  phrase,
  type Phrase,
  checkModel,
  describeModel,
  matchPreset,
  presetLabel,
  presetSpec,
  sameSpec,
  type ModelAnalysis,
  type PresetName,
  type ResNetSpec,
  type SpecError,
} from '../core';
import { Emitter } from '../core/emitter';
import { draftFromSpec, rawFromDraft, type FormDraft } from './formDraft';
import { DEFAULT_PRESET, parseSpecQuery, writeSpecQuery } from './urlState';

export interface ModelState {
  analysis: ModelAnalysis;
  draft: FormDraft;
  errors: SpecError[];
  /** The preset the model equals, if any. */
  preset: PresetName | null;
  /** The preset the user started from before editing. */
  basedOn: PresetName | null;
  /** Why the link's model could not be opened. */
  linkError: Phrase | null;
  /** Bumped when a whole new model arrives (preset, link, back/forward), so the view can refit. */
  generation: number;
  canUndo: boolean;
  canRedo: boolean;
}

export interface UrlAdapter {
  /** The query string, with or without `?`. */
  read(): string;
  write(query: string, replace: boolean): void;
}

export const COALESCE_MS = 1000;

export class ModelStore {
  private state: ModelState;
  private readonly emitter = new Emitter();
  private readonly past: ResNetSpec[] = [];
  private readonly future: ResNetSpec[] = [];
  private lastEdit: { field: string; at: number } | null = null;

  constructor(
    private readonly url: UrlAdapter,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.state = this.fromLink(null);
  }

  getState = (): ModelState => this.state;

  readonly subscribe = this.emitter.subscribe;

  dispose(): void {
    this.emitter.dispose();
  }

  pickPreset(name: PresetName): void {
    this.commit(analyzed(presetSpec(name)), null, true);
  }

  /** A whole spec from elsewhere (a spec file, a weights file's architecture). Errors are returned, not thrown. */
  loadSpec(raw: unknown): SpecError[] {
    const r = describeModel(raw);
    if (!r.ok) return r.errors;
    this.commit(r.value, null, true);
    return [];
  }

  /** The form changed; `field` names the edited field. */
  editDraft(draft: FormDraft, field: string): void {
    const r = describeModel(rawFromDraft(draft));
    if (!r.ok) {
      this.set({ ...this.state, draft, errors: r.errors });
      return;
    }
    if (sameSpec(r.value.graph.spec, this.spec)) {
      this.set({ ...this.state, draft, errors: [] });
      return;
    }
    this.commit(r.value, field, false, draft);
  }

  undo(): void {
    this.step(this.past, this.future);
  }

  redo(): void {
    this.step(this.future, this.past);
  }

  /** The URL changed under us (back, forward): show its model, or keep ours and say why not. */
  syncFromUrl(): void {
    this.lastEdit = null;
    this.set(this.fromLink(this.state));
  }

  dismissLinkError(): void {
    this.set({ ...this.state, linkError: null });
  }

  private get spec(): ResNetSpec {
    return this.state.analysis.graph.spec;
  }

  private set(next: ModelState): void {
    this.state = { ...next, canUndo: this.past.length > 0, canRedo: this.future.length > 0 };
    this.emitter.emit();
  }

  private commit(analysis: ModelAnalysis, field: string | null, refit: boolean, draft?: FormDraft): void {
    const spec = analysis.graph.spec;
    const t = this.now();
    const coalesce = field !== null && this.lastEdit?.field === field && t - this.lastEdit.at < COALESCE_MS;
    if (!coalesce) this.past.push(this.spec);
    this.future.length = 0;
    this.lastEdit = field === null ? null : { field, at: t };
    this.url.write(writeSpecQuery(this.url.read(), spec), coalesce);
    const next = this.fromAnalysis(analysis, refit);
    this.set(draft ? { ...next, draft } : next);
  }

  private step(from: ResNetSpec[], to: ResNetSpec[]): void {
    const spec = from.pop();
    if (!spec) return;
    to.push(this.spec);
    this.lastEdit = null;
    this.url.write(writeSpecQuery(this.url.read(), spec), false);
    this.set(this.fromAnalysis(analyzed(spec), false));
  }

  private fromAnalysis(analysis: ModelAnalysis, refit: boolean): ModelState {
    const spec = analysis.graph.spec;
    const preset = matchPreset(spec) ?? null;
    const prev = this.state as ModelState | undefined;
    return {
      analysis,
      draft: draftFromSpec(spec),
      errors: [],
      preset,
      basedOn: preset ?? prev?.basedOn ?? null,
      linkError: null,
      generation: (prev?.generation ?? 0) + (refit ? 1 : 0),
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
    };
  }

  private fromLink(prev: ModelState | null): ModelState {
    const link = parseSpecQuery(this.url.read());
    const checked = link.ok ? checkModel(link.value) : link;
    if (checked.ok) return this.fromAnalysis(checked.value, true);
    const kept = prev ? prev.analysis : analyzed(presetSpec(DEFAULT_PRESET));
    const errors = checked.errors;
    return {
      ...this.fromAnalysis(kept, !prev),
      linkError: phrase("The link's model could not be opened: {problems}. {kept}", {
        problems: joinPhrases(errors.map((e) => e.phrase)),
        kept: prev ? phrase('The model you had is kept.') : phrase('{name} is shown instead.', { name: presetLabel(DEFAULT_PRESET) }),
      }),
    };
  }
}

/** The analysis of a spec known to be valid (a preset, one taken from history); a failure is a bug. */
function analyzed(spec: ResNetSpec): ModelAnalysis {
  const checked = checkModel(spec);
  if (!checked.ok) throw new Error(checked.errors[0].message);
  return checked.value;
}
