/**
 * The live model's blocks as switches (a block switched off is struck through, one that cannot go says why),
 * undo and redo, and the test accuracy and loss of each network with the current set switched off.
 */
import { useState } from 'react';
import { accuracyOf, lossOf, type Score } from '../../core/lab';
import type { Phrase } from '../../core';
import { useT } from '../../i18n/i18n';
import type { LabState, LabStore, NetView } from '../../state/labStore';
import { loss4, pct } from './explain';
import { netColor } from './parts';

function Figures({ n, nets, deleted }: { n: NetView; nets: NetView[]; deleted: string[] }) {
  const t = useT();
  const cur = n.current;
  const fresh = cur.deleted.join() === deleted.join();
  const score: Score | null = deleted.length === 0 ? n.whole : fresh ? cur.score : null;
  return (
    <div className="lab-figures" data-testid={`figures-${n.key}`} data-accuracy={score ? accuracyOf(score) : ''} data-loss={score ? lossOf(score) : ''} data-deleted={deleted.join(',')} style={{ borderColor: netColor(n, nets) }}>
      <strong>{n.label}</strong>{' '}
      {!n.fitsTestSet ? (
        <span className="muted">{t('No test set for a {c}×{h}×{w} input', { c: n.spec.input.channels, h: n.spec.input.height, w: n.spec.input.width })}</span>
      ) : fresh && cur.skipped && deleted.length ? (
        <span className="muted">{t(cur.skipped)}</span>
      ) : (
        <dl>
          <dt>{t('Test accuracy')}</dt>
          <dd data-testid="accuracy">{score ? pct(accuracyOf(score)) : '…'}</dd>
          <dt>{t('Test loss')}</dt>
          <dd data-testid="loss">{score ? loss4(lossOf(score)) : '…'}</dd>
          {deleted.length > 0 && n.whole && (
            <>
              <dt>{t('Whole network')}</dt>
              <dd>
                {pct(accuracyOf(n.whole))} · {loss4(lossOf(n.whole))}
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}

export function BlockSwitches({ store, s }: { store: LabStore; s: LabState }) {
  const t = useT();
  const [problem, setProblem] = useState<Phrase | null>(null);
  const primary = s.nets.primary;
  const nets = [s.nets.primary, s.nets.twin].filter((n): n is NetView => !!n && n.status === 'ready');
  if (!primary || primary.status !== 'ready') return null;
  const stages = new Map<string, typeof primary.blocks>();
  for (const b of primary.blocks) {
    const stage = b.name.split('.')[0];
    stages.set(stage, [...(stages.get(stage) ?? []), b]);
  }
  return (
    <section className="panel lab-switches" aria-labelledby="lab-switch-title">
      <div className="lab-row">
        <h3 id="lab-switch-title">{t('Switch blocks off')}</h3>
        <div className="lab-buttons">
          <button type="button" className="secondary" onClick={() => store.undo()} disabled={!s.canUndo}>
            {t('Undo')}
          </button>
          <button type="button" className="secondary" onClick={() => store.redo()} disabled={!s.canRedo}>
            {t('Redo')}
          </button>
          <button type="button" className="secondary" onClick={() => setProblem(store.setDeleted([]))} disabled={s.deleted.length === 0}>
            {t('All on')}
          </button>
        </div>
      </div>
      <p className="hint">
        {primary.spec.residual
          ? t('A residual block switched off passes its shortcut on, relu(shortcut(x)): its residual branch is gone.')
          : t('A plain block switched off becomes the identity; one that changes the shape cannot be removed.')}
      </p>
      <div className="lab-stages">
        {[...stages].map(([stage, blocks]) => (
          <div key={stage} className="lab-stage" role="group" aria-label={stage}>
            <span className="stage-name">{stage}</span>
            {blocks.map((b) => {
              const off = s.deleted.includes(b.name);
              return (
                <button
                  key={b.name}
                  type="button"
                  className={`lab-block${off ? ' off' : ''}`}
                  aria-pressed={off}
                  disabled={!b.deletable}
                  data-block={b.name}
                  title={b.deletable ? (off ? t('Switch {block} back on', { block: b.name }) : t('Switch {block} off', { block: b.name })) : b.why ? t(b.why) : ''}
                  onClick={() => setProblem(store.toggle(b.name))}
                >
                  {b.name.split('.')[1]}
                </button>
              );
            })}
          </div>
        ))}
      </div>
      {primary.blocks.some((b) => !b.deletable) && (
        <p className="hint" data-testid="cannot-remove">
          {t(primary.blocks.find((b) => !b.deletable)!.why!)}
        </p>
      )}
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      <div className="lab-figures-row">
        {nets.map((n) => (
          <Figures key={n.key} n={n} nets={nets} deleted={s.deleted} />
        ))}
      </div>
    </section>
  );
}
