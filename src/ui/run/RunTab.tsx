/** Everything about running an image through the live model. */
import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { TORCHVISION_V1, TORCHVISION_V2, phrase, phraseOf, samePreprocessing, type ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';
import { classNamesOf, datasetOf } from '../../runtime/input/datasets';
import { FashionMnistTests } from '../train/FashionMnistTests';
import type { InferenceSession, StageMap } from '../../runtime/inference';
import type { ModelRunner } from '../../runtime/runner';
import { preprocessSentence } from './preprocessSentence';
import { FileField } from '../formParts';
import { ResidualChart, TimingChart } from './Charts';
import { FeatureMaps } from './FeatureMaps';
import { paint, scaleFor } from '../heatmap';

export const SAMPLES = [
  { file: 'chelsea.png', label: 'Cat', credit: 'Stefan van der Walt, CC0' },
  { file: 'coffee.png', label: 'Coffee', credit: 'Rachel Michetti, CC0' },
  { file: 'astronaut.png', label: 'Astronaut', credit: 'NASA, public domain' },
  { file: 'rocket.jpg', label: 'Rocket', credit: 'SpaceX, public domain' },
];

/** torchvision's two evaluation recipes, offered in the Resize menu; weights that ask for another add theirs. */
const RECIPES = { classic: TORCHVISION_V1, v2: TORCHVISION_V2 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function ImageDataCanvas({ image, label, overlay }: { image: ImageData; label: string; overlay?: { values: Float32Array; width: number; height: number } }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = ref.current!;
    el.width = image.width;
    el.height = image.height;
    const ctx = el.getContext('2d')!;
    ctx.putImageData(image, 0, 0);
    if (overlay) {
      const small = new ImageData(overlay.width, overlay.height);
      paint(small, overlay.values, 0, overlay.width, overlay.height, 0, 0, 1, { palette: 'inferno', lo: 0, hi: 1 }, 255);
      const tmp = new OffscreenCanvas(overlay.width, overlay.height);
      tmp.getContext('2d')!.putImageData(small, 0, 0);
      ctx.globalAlpha = 0.55;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, image.width, image.height);
      ctx.globalAlpha = 1;
    }
  }, [image, overlay]);
  return <canvas ref={ref} className="image-canvas" role="img" aria-label={label} />;
}

function StageMaps({ stages }: { stages: StageMap[] }) {
  const t = useT();
  return (
    <div className="stage-maps">
      {stages.map((s) => (
        <figure key={s.name}>
          <StageCanvas s={s} />
          <figcaption>
            {t(s.name)}
            <br />
            {s.shape.join('×')}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function StageCanvas({ s }: { s: StageMap }) {
  const t = useT();
  const ref = useRef<HTMLCanvasElement>(null);
  const [, h, w] = s.shape;
  useEffect(() => {
    const el = ref.current!;
    el.width = w;
    el.height = h;
    const img = new ImageData(w, h);
    let min = Infinity;
    let max = -Infinity;
    for (const v of s.mean) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    paint(img, s.mean, 0, w, h, 0, 0, 1, scaleFor(min, max));
    el.getContext('2d')!.putImageData(img, 0, 0);
  }, [s, h, w]);
  return <canvas ref={ref} className="stage-canvas" role="img" aria-label={t('{name} output, mean over channels', { name: t(s.name) })} />;
}

/** The node selected in the graph, and the layer whose output stands for it (a block's or stage's last). */
export interface RunSelection {
  node: string;
  layerId: string;
  layerName: string;
}

export function RunTab({
  runner,
  session,
  analysis,
  selection,
  onOpenImage,
  weightsOffer,
}: {
  runner: ModelRunner;
  session: InferenceSession;
  analysis: ModelAnalysis;
  selection: RunSelection | null;
  onOpenImage: (file: File) => void;
  /** Offered beside the random-weights notice: *Load ImageNet weights* (src/ui/weights). */
  weightsOffer?: ReactNode;
}) {
  const t = useT();
  const s = useSyncExternalStore(session.subscribe, session.getState);
  const r = useSyncExternalStore(runner.subscribe, runner.getState);
  const names = classNamesOf(analysis.graph.spec);
  const fashion = datasetOf(analysis.graph.spec) === 'fashion-mnist';
  // Fashion-MNIST's ten classes are translated; ImageNet's thousand are the dataset's English names (lang="en").
  const classLang = names && !fashion ? 'en' : undefined;
  const className = (i: number) => (names ? (fashion ? t(names[i]) : names[i]) : t('class {n}', { n: i }));
  const result = s.result;
  const recipe = (Object.keys(RECIPES) as (keyof typeof RECIPES)[]).find((k) => samePreprocessing(RECIPES[k], s.preprocessing)) ?? 'weights';
  const loadSample = async (file: string) => {
    let blob: Blob;
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}samples/${file}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      blob = await res.blob();
    } catch (e) {
      session.reportError(phrase('{file} could not be loaded ({reason}): are you offline? Your own pictures still work.', { file, reason: phraseOf(e) }));
      return;
    }
    await session.setImage(blob, file);
  };
  const { latency } = s;
  // A new image: its predictions, now first, are brought to the top of the panel wherever it was scrolled.
  const predictionsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (s.image) predictionsRef.current?.scrollIntoView({ block: 'nearest' });
  }, [s.image]);
  const featureMaps = (
    <section className="panel" aria-labelledby="fm-title" data-testid="selected-maps">
      <h2 id="fm-title">
        {t('Feature maps')}
        {selection && `: ${selection.node}`}
      </h2>
      {!selection && <p className="muted">{t('Select a node in the graph to see its activation channels.')}</p>}
      {selection && selection.node !== selection.layerName && (
        <p className="hint">{t('The output of {node}, from its last layer {layer}.', { node: selection.node, layer: selection.layerName })}</p>
      )}
      {selection && !result && <p className="muted">{t('Run an image to see them.')}</p>}
      {selection && result?.features?.layerId === selection.layerId && <FeatureMaps maps={result.features} layerName={selection.layerName} />}
    </section>
  );
  const inputImage = (
    <section className="panel" aria-labelledby="image-title">
      <h2 id="image-title">{t('Input image')}</h2>
      <FileField id="image-input" label={t('Image')} accept="image/*" onFile={onOpenImage} hint={t('Or drop a picture anywhere, paste one (Ctrl+V), or try a sample:')} />
      <div className="samples">
        {SAMPLES.map((x) => (
          <button key={x.file} type="button" className="sample" onClick={() => void loadSample(x.file)} title={`${t(x.label)} (${t(x.credit)})`}>
            <img src={`${import.meta.env.BASE_URL}samples/${x.file}`} alt="" width={64} height={48} />
            <span>{t(x.label)}</span>
          </button>
        ))}
      </div>
      {fashion && (
        <>
          <p className="hint">{t('This model answers in Fashion-MNIST classes: pick one of its test images, or drop a photo of a piece of clothing.')}</p>
          <FashionMnistTests onPick={(png, name) => void session.setImage(png, name)} />
        </>
      )}
      <details className="credits">
        <summary>{t('Photo credits')}</summary>
        <ul>
          {SAMPLES.map((x) => (
            <li key={x.file}>
              {t('{label}: {credit} (scikit-image sample data)', { label: t(x.label), credit: t(x.credit) })}
            </li>
          ))}
        </ul>
      </details>
      {s.error && (
        <div className="problem" role="alert">
          {t(s.error)}{' '}
          <button type="button" className="link" onClick={() => session.dismissError()}>
            {t('Dismiss')}
          </button>
        </div>
      )}
      {s.image && (
        <>
          {!fashion && (
            <div className="row">
              <label className="inline">
                {t('Resize')}
                <select value={recipe} onChange={(e) => e.target.value in RECIPES && session.setPreprocessing(RECIPES[e.target.value as keyof typeof RECIPES])} aria-label={t('Resize policy')}>
                  <option value="classic">{t('shorter side 256 (classic weights)')}</option>
                  <option value="v2">{t('shorter side 232 (V2 weights)')}</option>
                  {recipe === 'weights' && <option value="weights">{t('shorter side {resize} at {crop}, {filter} (these weights)', { resize: s.preprocessing.resize, crop: s.preprocessing.crop, filter: phrase(s.preprocessing.interpolation) })}</option>}
                </select>
              </label>
            </div>
          )}
          <div className="preprocess" data-testid="preprocess">
            <figure>
              <ImageDataCanvas image={s.image.preview} label={t('The tensor the model sees')} />
              <figcaption>{t('What the model sees')}</figcaption>
            </figure>
            {/* Sizes height × width, as the input (3×224×224) and every tensor are written. */}
            {s.image.dataset === 'fashion-mnist' ? (
              <p className="hint" data-testid="preprocess-note">
                {t('{name}: {h}×{w} → grayscale, resized with PIL’s bilinear filter (antialiased) to {rh}×{rw}, centre crop 28×28, scaled to [0, 1] and normalised with Fashion-MNIST’s mean 0.286 and std 0.353.', {
                  name: s.image.name,
                  w: s.image.width,
                  h: s.image.height,
                  rw: s.image.plan.resized.width,
                  rh: s.image.plan.resized.height,
                })}
                {s.image.inverted ? ` ${t('Its background is light, so it was inverted: Fashion-MNIST’s clothes are light on black.')}` : ''}
                {s.image.note ? ` ${t(s.image.note)}` : ''}
              </p>
            ) : (
              <p className="hint">
                {t(preprocessSentence(s.image, s.preprocessing))}
                {s.image.note ? ` ${t(s.image.note)}` : ''}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
  const predictions = (
    <section className="panel" aria-labelledby="pred-title" ref={predictionsRef}>
      <h2 id="pred-title">{t('Predictions')}</h2>
      {r.weights.kind === 'random' && (
        <>
          <p className="weights-status random" data-testid="random-notice">
            {t('These weights are random, so these predictions are noise. Load trained weights in the Live model panel to get real ones.')}
          </p>
          {weightsOffer}
        </>
      )}
      {!s.image && <p className="muted">{t('Give the model an image to see what it predicts.')}</p>}
      {s.status === 'running' && <p className="muted">{t('Running…')}</p>}
      {result && (
        <ol className="predictions" data-testid="predictions">
          {result.top.map((top) => (
            <li key={top.index}>
              <span className="label" lang={classLang}>
                {className(top.index)}
              </span>
              <span className="bar-track">
                <span className="bar-fill" style={{ width: `${Math.max(0.5, top.p * 100)}%` }} />
              </span>
              <span className="prob">{(top.p * 100).toFixed(1)}%</span>
            </li>
          ))}
        </ol>
      )}
      {latency.first !== null && (
        <p className="hint" data-testid="latency">
          {latency.later.length === 0
            ? t('First run {ms} ms on {backend}', { ms: latency.first.toFixed(0), backend: latency.backend })
            : t(latency.later.length > 1 ? 'First run {ms} ms · median of {n} later runs {median} ms on {backend}' : 'First run {ms} ms · median of {n} later run {median} ms on {backend}', {
                ms: latency.first.toFixed(0),
                n: latency.later.length,
                median: median(latency.later).toFixed(0),
                backend: latency.backend,
              })}{' '}
          <button type="button" className="link" onClick={() => void session.timeRuns(5)} disabled={s.status === 'running'}>
            {t('Time 5 more runs')}
          </button>
        </p>
      )}
    </section>
  );
  // Once an image is in, what it was given for comes first: the predictions, then the selected node's maps,
  // then the image itself; before that, the picker leads.
  const maps = (selection || result) && featureMaps;
  // The predictions come first; the stage outputs and residual ratios follow from a pass over every layer.
  const readoutsPending = !!result && result.stages.length === 0 && !s.settled;
  return (
    <div className="run-tab">
      {s.image ? (
        <>
          {predictions}
          {maps}
          {inputImage}
        </>
      ) : (
        <>
          {inputImage}
          {predictions}
          {maps}
        </>
      )}
      {result && s.image && (
        <>
          {result.cam && s.image.preview && (
            <section className="panel" aria-labelledby="cam-title">
              <h2 id="cam-title">{t('Where it looks')}</h2>
              <div data-testid="cam" data-class={result.cam.classIndex}>
                <ImageDataCanvas image={s.image.preview} label={t('Class activation map')} overlay={result.cam} />
              </div>
              <p className="hint">
                {(() => {
                  // The class name is its own element, so an English ImageNet name is marked as English.
                  const [before, after] = t(
                    "Class activation map for “{name}”: the last stage's {h}×{w} features weighted by the classifier's weights for that class (cheap for a ResNet: global average pooling, then one linear layer).",
                    { name: '\u0000', h: result.cam.height, w: result.cam.width },
                  ).split('\u0000');
                  return (
                    <>
                      {before}
                      <span lang={classLang}>{className(result.cam.classIndex)}</span>
                      {after}
                    </>
                  );
                })()}
              </p>
            </section>
          )}
          <section className="panel" aria-labelledby="stage-maps-title">
            <h2 id="stage-maps-title">{t('Stage outputs')}</h2>
            {readoutsPending ? <p className="muted">{t('Reading every layer’s output…')}</p> : <StageMaps stages={result.stages} />}
            <p className="hint">{t('Mean over channels: resolution falls and channels grow from stage to stage.')}</p>
          </section>
          <section className="panel" aria-labelledby="res-title">
            <h2 id="res-title">{t('Residual contribution')}</h2>
            {readoutsPending ? <p className="muted">{t('Reading every layer’s output…')}</p> : <ResidualChart ratios={result.residual} />}
            <p className="hint">{t('||F(x)|| / ||x|| per block: how much each residual branch changes the signal passing through; low bars are blocks that mostly pass it on.')}</p>
          </section>
          <section className="panel" aria-labelledby="timing-title">
            <h2 id="timing-title">{t('Layer timing')}</h2>
            <button type="button" onClick={() => void session.profileLayers()} disabled={s.status === 'running'}>
              {t('Profile layers on {backend}', { backend: latency.backend })}
            </button>
            {s.timing && <TimingChart times={s.timing} />}
          </section>
        </>
      )}
    </div>
  );
}
