/**
 * Form edits wait for the user: the text of a field goes to the model store when the user pauses
 * (`SETTLE_MS`) or leaves the field, never mid-number, so typing "32" makes one model, never one with 3. An
 * empty field is held while the user types (it is only an error once they leave it). Choices that cannot be
 * half-made (a select, a checkbox, adding a stage) apply at once, with whatever was being typed.
 * No React and no DOM: the timers are injected, so this runs in unit tests as it runs in the app.
 */
import type { FormDraft } from './formDraft';

export const SETTLE_MS = 600;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Pending {
  draft: FormDraft;
  /** The field being typed in (a core field path: `groups`, `stages[1].width`). */
  field: string;
  empty: boolean;
}

export class DraftSettler {
  private pending: Pending | null = null;
  private handle: unknown = null;
  /** The last draft handed over, and the field it came from. */
  private last: { draft: FormDraft; field: string } | null = null;

  constructor(
    private commit: (draft: FormDraft, field: string) => void,
    private readonly changed: () => void = () => {},
    private readonly timers: Timers = browserTimers,
  ) {}

  /** Where settled drafts go from now on (the view re-renders with a new callback). */
  handTo(commit: (draft: FormDraft, field: string) => void): void {
    this.commit = commit;
  }

  /** The draft being typed, not yet handed over. */
  get typing(): FormDraft | null {
    return this.pending?.draft ?? null;
  }

  /** The field being typed in, whose old error is not shown while the user is still at it. */
  get typingField(): string | null {
    return this.pending?.field ?? null;
  }

  /** The field of the last edit handed over: where a message about the whole model belongs. */
  get lastField(): string | null {
    return this.last?.field ?? null;
  }

  /** Whether `draft` is the one this settler last handed over (else the model changed elsewhere). */
  handedOver(draft: FormDraft): boolean {
    return this.last?.draft === draft;
  }

  /** A keystroke in `field` (its text now `text`): wait for a pause. Another field's edit is handed over first. */
  type(draft: FormDraft, field: string, text: string): void {
    if (this.pending && this.pending.field !== field) this.flush();
    this.pending = { draft, field, empty: text.trim() === '' };
    this.restart();
    this.changed();
  }

  /** A choice that applies at once; `draft` already holds what was being typed elsewhere. */
  apply(draft: FormDraft, field: string): void {
    this.stop();
    this.pending = null;
    this.handOver(draft, field);
  }

  /** The user left the field: hand over what it holds, even when it is empty. */
  flush(): void {
    this.stop();
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.handOver(p.draft, p.field);
  }

  /** The model changed elsewhere (a preset, undo, a link): what was being typed is dropped. */
  discard(): void {
    this.stop();
    if (!this.pending) return;
    this.pending = null;
    this.changed();
  }

  private handOver(draft: FormDraft, field: string): void {
    this.last = { draft, field };
    this.commit(draft, field);
    this.changed();
  }

  private restart(): void {
    this.stop();
    this.handle = this.timers.set(() => {
      this.handle = null;
      // A pause on an empty field is someone choosing what to type next, not an error yet.
      if (!this.pending?.empty) this.flush();
    }, SETTLE_MS);
  }

  private stop(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }
}
