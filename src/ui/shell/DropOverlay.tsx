/** Shown while files are dragged over the page: the whole page takes them, and what each kind will do. */
import { useT } from '../../i18n/i18n';
import type { FileKind } from '../fileKind';

const WHAT: Record<FileKind, string> = {
  image: 'Drop an image to run it',
  weights: 'Drop weights to load them',
  spec: 'Drop a spec to open it',
};

const DETAIL: Record<FileKind, string> = {
  image: 'PNG, JPEG, WebP, GIF, BMP or AVIF: the Run tab shows its predictions',
  weights: 'a torchvision state_dict: .safetensors, or .pth / .pt / .bin from torch.save',
  spec: 'a model spec .json',
};

export function DropOverlay({ kinds }: { kinds: FileKind[] | null }) {
  const t = useT();
  if (!kinds) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" data-kinds={kinds.join(' ')} role="status" aria-live="polite">
      <div className="drop-card">
        <p className="drop-where">{t('Drop anywhere on the page')}</p>
        <ul>
          {kinds.map((k) => (
            <li key={k} data-kind={k}>
              <strong>{t(WHAT[k])}</strong>
              <span className="muted">{t(DETAIL[k])}</span>
            </li>
          ))}
        </ul>
        <p className="muted">{t('Esc cancels')}</p>
      </div>
    </div>
  );
}
