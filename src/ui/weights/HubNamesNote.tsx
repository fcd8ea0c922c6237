/**
 * Beside the exports, while the model holds weights opened from a transformers repository: they are exported
 * under torchvision's names (the name table of core/hub/names.ts), and the PyTorch code can read theirs.
 */
import { useSyncExternalStore } from 'react';
import { useT } from '../../i18n/i18n';
import type { HubModels } from '../../runtime/weights/hub';
import type { ModelRunner } from '../../runtime/runner';

export function HubNamesNote({ hub, runner }: { hub: HubModels; runner: ModelRunner }) {
  const t = useT();
  const { opened } = useSyncExternalStore(hub.subscribe, hub.getState);
  const weights = useSyncExternalStore(runner.subscribe, () => runner.getState().weights);
  if (!opened || opened.model.naming !== 'transformers' || weights.kind !== 'file' || weights.name !== opened.name) return null;
  return (
    <p className="hint" data-testid="export-names">
      {t(
        'The weights came from {id} in transformers’ names; every export here uses torchvision’s (resnet.embedder.embedder.convolution → conv1, …). The PyTorch code’s from_transformers() renames a transformers state_dict.',
        { id: opened.name },
      )}
    </p>
  );
}
