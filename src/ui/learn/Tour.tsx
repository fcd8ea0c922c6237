/** A short guided tour of stem, body and head for first-time visitors; skippable, never shown again once dismissed. */
import { useEffect, useState } from 'react';
import type { ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';

export const TOUR_KEY = 'resnet-explorer.tour-done';

export function tourDone(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) === '1';
  } catch {
    return false;
  }
}

export interface TourStep {
  title: string;
  text: string;
  /** The layer to bring into view and select. */
  focus: string | null;
}

/** The steps, with the model's own numbers; on a touch screen the last one points at the bottom tabs. */
export function tourSteps(a: ModelAnalysis, t: ReturnType<typeof useT>, touch = false): TourStep[] {
  const { input, stem } = a.graph.spec;
  const stemOut = a.stem.outShape;
  const fc = a.byId.get('fc')!;
  return [
    {
      title: t('The stem'),
      text: t(
        'The stem turns the {h}×{w} image into {c} feature maps of {oh}×{ow}: a {k}×{k} convolution with stride {s}, then a 3×3 max-pool with stride 2. It shrinks the picture early, so the deep layers are cheap.',
        { h: input.height, w: input.width, c: stem.width, oh: stemOut[1], ow: stemOut[2], k: stem.kernel, s: stem.stride },
      ),
      focus: 'conv1',
    },
    {
      title: t('The body'),
      text: t(
        'The body is {n} stages of residual blocks ({blocks} blocks in all). Each later stage starts with a block that halves the resolution and widens the channels. Every block adds its input back to its output: the skip connection.',
        { n: a.graph.stages.length, blocks: a.graph.stages.reduce((n, s) => n + s.blocks.length, 0) },
      ),
      focus: a.graph.stages[Math.min(1, a.graph.stages.length - 1)].blocks[0].outputId,
    },
    {
      title: t('The head'),
      text: t('The head averages each of the {c} final feature maps to one number (global average pooling), then a linear layer turns those {c} numbers into {k} class scores.', {
        c: fc.layer.inChannels,
        k: fc.layer.outChannels,
      }),
      focus: 'fc',
    },
    {
      title: t('Run it'),
      text: touch
        ? t('Tap Run below and pick a photo or a sample to see predictions and what each layer makes of it; Compare puts variants side by side.')
        : t('Open the Run tab and drop a photo on the page to see predictions and what each layer makes of it; Compare puts variants side by side.'),
      focus: null,
    },
  ];
}

export function Tour({ analysis, touch, onFocus, onClose }: { analysis: ModelAnalysis; touch: boolean; onFocus: (layer: string) => void; onClose: () => void }) {
  const t = useT();
  const steps = tourSteps(analysis, t, touch);
  const [i, setI] = useState(0);
  const step = steps[i];
  useEffect(() => {
    if (step.focus) onFocus(step.focus);
  }, [step.focus, onFocus]);
  const finish = () => {
    try {
      localStorage.setItem(TOUR_KEY, '1');
    } catch {
      // without storage the tour may show again next visit
    }
    onClose();
  };
  return (
    <div className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" data-testid="tour">
      <p className="muted">
        {t('Guided tour')} · {t('Step {n} of {total}', { n: i + 1, total: steps.length })}
      </p>
      <h2 id="tour-title">{step.title}</h2>
      <p>{step.text}</p>
      <div className="row buttons">
        <button type="button" onClick={finish} className="link">
          {t('Skip tour')}
        </button>
        <span className="spacer" />
        {i > 0 && (
          <button type="button" onClick={() => setI(i - 1)}>
            {t('Back')}
          </button>
        )}
        {i < steps.length - 1 ? (
          <button type="button" className="primary" onClick={() => setI(i + 1)}>
            {t('Next')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={finish}>
            {t('Done')}
          </button>
        )}
      </div>
    </div>
  );
}
