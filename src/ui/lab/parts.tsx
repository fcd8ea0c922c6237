/** Small pieces the lab's panels share: each network's colour, a progress line with time left and Cancel. */
import { useT } from '../../i18n/i18n';
import type { NetView, Progress } from '../../state/labStore';

/** Residual nets blue, plain nets orange (as in the Train tab); a second net of the same kind pink. */
export const RESIDUAL_COLOR = '#1c7ed6';
export const PLAIN_COLOR = '#e8590c';
const OTHER_COLOR = '#c2255c';

export function netColor(n: NetView, nets: NetView[]): string {
  const base = n.spec.residual ? RESIDUAL_COLOR : PLAIN_COLOR;
  const first = nets.find((m) => m.spec.residual === n.spec.residual);
  return first && first.key !== n.key ? OTHER_COLOR : base;
}

const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000).toString());

/** "12 of 121 points · 8.4 s · about 30 s left", with Cancel while running. */
export function ProgressLine({ p, unit, onCancel, testId }: { p: Progress; unit: 'images' | 'points' | 'lengths'; onCancel: () => void; testId: string }) {
  const t = useT();
  const units = { images: t('{done} of {total} images', { done: p.done, total: p.total }), points: t('{done} of {total} points', { done: p.done, total: p.total }), lengths: t('{done} of {total} path lengths', { done: p.done, total: p.total }) }[unit];
  return (
    <div className="lab-progress" data-testid={testId} data-status={p.status} data-done={p.done} data-total={p.total}>
      <progress max={p.total} value={p.done} aria-label={units} />
      <span>
        {units} · {t('{s} s', { s: seconds(p.elapsedMs) })}
        {p.status === 'running' && p.leftMs !== null && <> · {t('about {s} s left', { s: seconds(p.leftMs) })}</>}
        {p.status === 'cancelled' && <> · {t('cancelled')}</>}
      </span>
      {p.status === 'running' && (
        <button type="button" className="secondary" onClick={onCancel}>
          {t('Cancel')}
        </button>
      )}
      {p.error && (
        <span className="problem" role="alert">
          {t(p.error)}
        </span>
      )}
    </div>
  );
}

/** The networks' names and colours. */
export function NetLegend({ nets }: { nets: NetView[] }) {
  return (
    <ul className="lab-legend">
      {nets.map((n) => (
        <li key={n.key}>
          <span className="swatch" style={{ background: netColor(n, nets) }} />
          {n.label}
        </li>
      ))}
    </ul>
  );
}
