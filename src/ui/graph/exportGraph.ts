/** Exports of the drawn graph (SVG, PNG) and the layer table (CSV, Markdown) as downloads. */
import { THEME_VARS } from './graphStyle';

export function download(filename: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The whole graph (not just what is in view) as a standalone SVG document: the zoom transform removed, the
 * theme's colours resolved into the embedded stylesheet, a background added.
 */
export function standaloneSvg(svg: SVGSVGElement, width: number, height: number, margin = 16): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const styles = getComputedStyle(svg);
  const vars = THEME_VARS.map((v) => `${v}: ${styles.getPropertyValue(v).trim()};`).join(' ');
  clone.querySelectorAll('[data-export="skip"]').forEach((el) => el.remove());
  const viewport = clone.querySelector('[data-viewport]');
  viewport?.setAttribute('transform', `translate(${margin},${margin})`);
  viewport?.classList.remove('lod-far');
  const w = width + 2 * margin;
  const h = height + 2 * margin;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.setAttribute('viewBox', `0 0 ${w} ${h}`);
  clone.removeAttribute('style');
  clone.removeAttribute('class');
  const style = clone.querySelector('style');
  if (style) style.textContent = `svg { ${vars} }\n${style.textContent ?? ''}`;
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', String(w));
  bg.setAttribute('height', String(h));
  bg.setAttribute('fill', styles.getPropertyValue('--g-bg').trim() || '#fff');
  clone.insertBefore(bg, clone.firstChild?.nextSibling ?? null);
  return new XMLSerializer().serializeToString(clone);
}

/** The size of the drawing the graph view shows (wrapped into columns or not), from its own attributes. */
export function drawnSize(svg: SVGSVGElement): { width: number; height: number } {
  return { width: Number(svg.dataset.width), height: Number(svg.dataset.height) };
}

/** Browsers refuse canvases much beyond 16k pixels a side (and ~268M pixels in all). */
const MAX_SIDE = 16_000;
const MAX_PIXELS = 200_000_000;

export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const s = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(width * s));
  canvas.height = Math.max(1, Math.floor(height * s));
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw to a canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded'))), 'image/png'),
  );
}
