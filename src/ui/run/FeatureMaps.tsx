/** The selected layer's activation channels as a grid of heatmaps on one shared colour scale. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureMaps as Maps } from '../../runtime/inference';
import { paint, scaleFor } from '../heatmap';
import { useT } from '../../i18n/i18n';

type Order = 'index' | 'mean' | 'max';
const WIDTH = 330;
const FIRST = 256;

export function FeatureMaps({ maps, layerName }: { maps: Maps; layerName: string }) {
  const t = useT();
  const [order, setOrder] = useState<Order>('index');
  const [all, setAll] = useState(false);
  const [hover, setHover] = useState<number | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [c, h, w] = maps.shape;
  const channels = useMemo(() => {
    const s = [...maps.stats];
    if (order === 'mean') s.sort((a, b) => b.mean - a.mean);
    if (order === 'max') s.sort((a, b) => b.max - a.max);
    return s.slice(0, all ? c : FIRST);
  }, [maps, order, all, c]);
  const cols = Math.max(1, Math.ceil(Math.sqrt(channels.length * (h / w))));
  const zoom = Math.max(1, Math.floor((WIDTH - cols) / (cols * w)));
  const tileW = w * zoom + 1;
  const tileH = h * zoom + 1;
  const rows = Math.ceil(channels.length / cols);
  const scale = scaleFor(maps.min, maps.max);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    el.width = cols * tileW;
    el.height = rows * tileH;
    const ctx = el.getContext('2d')!;
    const image = ctx.createImageData(el.width, el.height);
    channels.forEach((s, i) => paint(image, maps.values, s.channel * h * w, w, h, (i % cols) * tileW, Math.floor(i / cols) * tileH, zoom, scale));
    ctx.putImageData(image, 0, 0);
  }, [channels, cols, rows, tileW, tileH, zoom, maps, h, w, scale]);

  const hovered = hover !== null ? channels[hover] : null;
  return (
    <div className="feature-maps" data-testid="feature-maps" data-layer={layerName}>
      <div className="row between">
        <span>
          <strong>{layerName}</strong> · {t(c > 1 ? '{c} channels of {h}×{w}' : '{c} channel of {h}×{w}', { c, h, w })}
        </span>
        <label className="inline">
          {t('Sort')}
          <select value={order} onChange={(e) => setOrder(e.target.value as Order)} aria-label={t('Sort channels')}>
            <option value="index">{t('by channel')}</option>
            <option value="mean">{t('by mean activation')}</option>
            <option value="max">{t('by peak activation')}</option>
          </select>
        </label>
      </div>
      <canvas
        ref={canvas}
        className="fm-canvas"
        role="img"
        aria-label={t('Feature maps of {name}', { name: layerName })}
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const sx = e.currentTarget.width / r.width;
          const col = Math.floor(((e.clientX - r.left) * sx) / tileW);
          const row = Math.floor(((e.clientY - r.top) * sx) / tileH);
          const i = row * cols + col;
          setHover(i < channels.length ? i : null);
        }}
        onMouseLeave={() => setHover(null)}
      />
      <p className="hint fm-stats" data-testid="channel-stats">
        {hovered
          ? t('Channel {c}: mean {mean}, min {min}, max {max}, {zeros}% zeros', {
              c: hovered.channel,
              mean: hovered.mean.toFixed(3),
              min: hovered.min.toFixed(3),
              max: hovered.max.toFixed(3),
              zeros: (hovered.zeros * 100).toFixed(0),
            })
          : t(
              scale.palette === 'diverging'
                ? 'Shared scale {min} to {max} (blue negative, red positive). Hover a map for its statistics.'
                : 'Shared scale {min} to {max}. Hover a map for its statistics.',
              { min: maps.min.toFixed(2), max: maps.max.toFixed(2) },
            )}
      </p>
      {c > FIRST && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? t('Show the first {n}', { n: FIRST }) : t('Show all {n} channels', { n: c })}
        </button>
      )}
    </div>
  );
}
