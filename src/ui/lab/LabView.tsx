/**
 * The Lab: why skip connections work, two ways, on the learner's own networks. Switch blocks off (Veit et al.
 * 2016) and walk the loss landscape (Li et al. 2018) for the live model and, beside it, its twin trained in the
 * Train tab. Everything is computed in the lab's worker and fills in as it comes; this view only renders.
 */
import { useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Phrase } from '../../core';
import { useT } from '../../i18n/i18n';
import type { LabSettings, LabState, LabStore, LandscapeKind, NetView } from '../../state/labStore';
import { classNamesOf } from '../../runtime/input/datasets';
import type { Top } from '../../runtime/lab/worker/protocol';
import type { TrainStore } from '../../state/trainStore';
import { BlockSwitches } from './BlockSwitches';
import { explainEach, explainLandscape, explainPaths, explainPhotos, explainRandom, readEach, readLandscape, readPaths, readRandom } from './explain';
import { ColourKey, ContourMap, ShadedSurface, SliceChart, sharedScale } from './LandscapeCharts';
import { EachInTurnChart, RandomKChart } from './LesionCharts';
import { PathGradientChart, PathShareChart } from './PathCharts';
import { ProgressLine } from './parts';
import './lab.css';

function Says({ phrases, testId }: { phrases: Phrase[]; testId?: string }) {
  const t = useT();
  if (phrases.length === 0) return null;
  return (
    <div className="lab-says" data-testid={testId}>
      {phrases.map((p, i) => (
        <p key={i}>{t(p)}</p>
      ))}
    </div>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel lab-panel" aria-labelledby={`lab-${id}-title`} data-testid={`lab-${id}`}>
      <h3 id={`lab-${id}-title`}>{title}</h3>
      {children}
    </section>
  );
}

function NumberField({ id, label, value, min, max, step, onChange }: { id: string; label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void }) {
  const [text, setText] = useState(String(value));
  const [bad, setBad] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          const ok = e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (step !== 1 || Number.isInteger(v));
          setBad(!ok);
          if (ok) onChange(v);
        }}
      />
    </div>
  );
}

const ready = (s: LabState): NetView[] => [s.nets.primary, s.nets.twin].filter((n): n is NetView => !!n && n.status === 'ready');
const running = (nets: NetView[], f: (n: NetView) => { progress: { status: string } } | null | undefined) => nets.some((n) => f(n)?.progress.status === 'running');

function StudyPanels({ store, s }: { store: LabStore; s: LabState }) {
  const t = useT();
  const nets = ready(s).filter((n) => n.fitsTestSet);
  if (nets.length === 0) return null;
  const set = (patch: Partial<LabSettings>) => store.setSettings(patch);
  const ls = s.settings.landscape;
  const surfaces = nets.filter((n) => n.landscapes.surface);
  const scale = sharedScale(surfaces.map((n) => n.landscapes.surface!));
  const progressOf = (kind: 'each' | 'random') => nets.map((n) => n[kind] && <ProgressLine key={n.key} testId={`${kind}-progress-${n.key}`} p={n[kind]!.progress} unit="images" onCancel={() => store.cancel(kind)} />);
  const landProgress = (kind: LandscapeKind) =>
    nets.map((n) => n.landscapes[kind] && <ProgressLine key={n.key} testId={`landscape-progress-${kind}-${n.key}`} p={n.landscapes[kind]!.progress} unit="points" onCancel={() => store.cancel(`landscape:${kind}`)} />);
  return (
    <>
      <Panel id="each" title={t('Delete each block in turn')}>
        <p className="hint">{t('Each block switched off alone, the rest of the network unchanged, on the 2,000 test images (Veit et al. 2016, Fig. 3).')}</p>
        <button type="button" className="primary" onClick={() => void store.eachInTurn()} disabled={running(nets, (n) => n.each)} data-testid="run-each">
          {t('Delete each block in turn')}
        </button>
        {progressOf('each')}
        {nets.some((n) => n.each) && <EachInTurnChart nets={nets} />}
        <Says phrases={nets.flatMap(explainEach)} testId="each-says" />
        <Says phrases={readEach(nets)} />
      </Panel>

      <Panel id="random" title={t('Delete k random blocks')}>
        <p className="hint">{t('For each k, several random sets of k blocks switched off together (Veit et al. 2016, Fig. 5).')}</p>
        <div className="lab-settings">
          <NumberField id="lab-draws" label={t('Random draws per k')} value={s.settings.draws} min={1} max={20} step={1} onChange={(v) => set({ draws: v })} />
          <NumberField id="lab-seed" label={t('Seed')} value={s.settings.seed} min={0} max={2 ** 31 - 1} step={1} onChange={(v) => set({ seed: v })} />
        </div>
        <button type="button" className="primary" onClick={() => void store.randomDeletions()} disabled={running(nets, (n) => n.random)} data-testid="run-random">
          {t('Delete k random blocks')}
        </button>
        {progressOf('random')}
        {nets.some((n) => n.random) && <RandomKChart nets={nets} />}
        <Says phrases={nets.flatMap(explainRandom)} />
        <Says phrases={readRandom(nets)} />
      </Panel>

      <Panel id="paths" title={t('Paths')}>
        <PathShareChart nets={nets} />
        {nets.some((n) => n.spec.residual) && (
          <>
            <div className="lab-settings">
              <NumberField id="lab-per-length" label={t('Paths sampled per length')} value={s.settings.perLength} min={1} max={50} step={1} onChange={(v) => set({ perLength: v })} />
              <NumberField id="lab-batch" label={t('Training images in the batch')} value={s.settings.batch} min={1} max={256} step={1} onChange={(v) => set({ batch: v })} />
            </div>
            <button type="button" className="primary" onClick={() => void store.paths()} disabled={running(nets, (n) => n.paths)} data-testid="run-paths">
              {t('Measure the gradient of each path length')}
            </button>
            {nets.map((n) => n.paths && <ProgressLine key={n.key} testId={`paths-progress-${n.key}`} p={n.paths.progress} unit="lengths" onCancel={() => store.cancel('paths')} />)}
            {nets.some((n) => n.paths?.result) && <PathGradientChart nets={nets} />}
          </>
        )}
        <Says phrases={nets.flatMap(explainPaths)} testId="paths-says" />
        <Says phrases={readPaths(nets)} />
      </Panel>

      <Panel id="landscape" title={t('Loss landscape')}>
        <p className="hint">{t('The test loss at the trained weights moved along filter-normalised random directions (Li et al. 2018), batch norm in eval mode.')}</p>
        <div className="lab-settings">
          <NumberField id="lab-from" label={t('From')} value={ls.from} min={-10} max={0} step={0.1} onChange={(v) => set({ landscape: { ...ls, from: v } })} />
          <NumberField id="lab-to" label={t('To')} value={ls.to} min={0} max={10} step={0.1} onChange={(v) => set({ landscape: { ...ls, to: v } })} />
          <NumberField id="lab-steps" label={t('Points per axis')} value={ls.steps} min={3} max={51} step={1} onChange={(v) => set({ landscape: { ...ls, steps: v } })} />
          <NumberField id="lab-images" label={t('Test images')} value={ls.images} min={16} max={2000} step={1} onChange={(v) => set({ landscape: { ...ls, images: v } })} />
          <NumberField id="lab-dir-seed" label={t('Directions seed')} value={ls.seed} min={0} max={2 ** 31 - 1} step={1} onChange={(v) => set({ landscape: { ...ls, seed: v } })} />
        </div>
        <div className="lab-buttons">
          <button type="button" className="primary" onClick={() => void store.landscape('surface')} disabled={running(nets, (n) => n.landscapes.surface)} data-testid="run-surface">
            {t('2-D surface ({n}×{n})', { n: ls.steps })}
          </button>
          <button type="button" onClick={() => void store.landscape('slice')} disabled={running(nets, (n) => n.landscapes.slice)} data-testid="run-slice">
            {t('1-D slice')}
          </button>
          <button
            type="button"
            onClick={() => void store.landscape('initial')}
            disabled={!nets.some((n) => n.hasInitial) || running(nets, (n) => n.landscapes.initial)}
            title={nets.some((n) => n.hasInitial) ? undefined : t('Only for a run trained in the Train tab (it can remake its initial weights)')}
            data-testid="run-initial"
          >
            {t('From the trained to the initial weights')}
          </button>
        </div>
        {landProgress('surface')}
        {surfaces.length > 0 && (
          <>
            <ColourKey scale={scale} />
            <div className="lab-surfaces" style={{ gridTemplateColumns: `repeat(${surfaces.length}, minmax(0, 1fr))` }}>
              {surfaces.map((n) => (
                <figure key={n.key} className="lab-surface-pair">
                  <figcaption>{n.label}</figcaption>
                  <ContourMap n={n} l={n.landscapes.surface!} scale={scale} />
                  <ShadedSurface n={n} l={n.landscapes.surface!} scale={scale} />
                </figure>
              ))}
            </div>
          </>
        )}
        {landProgress('slice')}
        {nets.some((n) => n.landscapes.slice) && <SliceChart nets={nets} kind="slice" />}
        {landProgress('initial')}
        {nets.some((n) => n.landscapes.initial) && <SliceChart nets={nets} kind="initial" />}
        <Says phrases={nets.flatMap((n) => (['surface', 'slice', 'initial'] as const).flatMap((k) => explainLandscape(n, n.landscapes[k])))} testId="landscape-says" />
        <Says phrases={readLandscape()} />
      </Panel>
    </>
  );
}

function Photos({ s }: { s: LabState }) {
  const t = useT();
  const p = s.photos;
  if (!p) return null;
  // ImageNet's thousand classes by their dataset names (English, as in the Run tab), the index beside.
  const classes = s.nets.primary ? classNamesOf(s.nets.primary.spec) : null;
  const label = (top: Top) => (
    <>
      <span lang="en">{classes?.[top.index] ?? top.index}</span> · {(top.p * 100).toFixed(1)}%
    </>
  );
  return (
    <Panel id="photos" title={t('ImageNet photos')}>
      <Says phrases={explainPhotos()} />
      {p.error && (
        <p className="problem" role="alert">
          {t(p.error)}
        </p>
      )}
      {p.busy && <p className="muted">{t('Running the photos…')}</p>}
      <div className="lab-photos">
        {p.names.map((name, i) => (
          <div key={name} className="lab-photo" data-testid="lab-photo">
            <strong>{p.sample[i] ? t(name) : name}</strong>
            <ol>
              {p.whole?.[i]?.map((top, k) => (
                <li key={top.index} title={`${top.index}`}>
                  {label(top)}
                  {p.lesioned && s.deleted.length > 0 && <span className="muted"> → {label(p.lesioned[i][k])}</span>}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    </Panel>
  );
}

export function LabView({ store, train }: { store: LabStore; train: TrainStore }) {
  const t = useT();
  const s = useSyncExternalStore(store.subscribe, store.getState);
  const ts = useSyncExternalStore(train.subscribe, train.getState);
  const primary = s.nets.primary;
  const twin = s.nets.twin;
  const twinFile = useRef<HTMLInputElement>(null);
  const trained = ts.runs.filter((r) => r.points.length > 0 && r.status !== 'diverged' && r.status !== 'error');
  // On the page the page's own backend (its threads are the page's business); in the worker, WebAssembly's threads.
  const b = s.backend;
  const backendName = b?.name === 'webgl' ? 'WebGL' : b?.name === 'webgpu' ? 'WebGPU' : b?.name === 'wasm' ? (b.onPage ? 'WebAssembly' : t('WebAssembly, {n} threads', { n: b.threads })) : t('the CPU backend');
  return (
    <main className="lab" aria-label={t('Lab')} data-testid="lab-view" data-primary={primary?.status ?? 'none'} data-twin={twin?.status ?? 'none'}>
      <div className="lab-top">
        <h2>{t('Lab: why skip connections work')}</h2>
        <p className="hint">
          {t(
            'Two experiments from the papers, on your own network: switch blocks off and see what the rest still gets right (Veit et al. 2016), and walk the loss landscape around the trained weights (Li et al. 2018). Train Plain-20 and ResNet-20 in the Train tab, then press “Study this run”, or drop a .pth of a 1×28×28 network.',
          )}
        </p>
        {s.backend && (
          <p className="hint" data-testid="lab-where">
            {s.backend.onPage
              ? t('Computed on the page’s own thread ({backend}): the page may respond slowly while a study runs.', { backend: backendName })
              : t('Computed in a background worker ({backend}), so the page stays responsive.', { backend: backendName })}
            {s.backend.note && <> {t(s.backend.note)}</>}
          </p>
        )}
      </div>
      {s.error && (
        <div className="banner" role="alert">
          {t(s.error)}
        </div>
      )}
      {s.linkProblem && (
        <div className="banner" role="status">
          {t(s.linkProblem)}
        </div>
      )}
      <section className="panel lab-subjects">
        <div className="lab-subject" data-testid="lab-primary" data-status={primary?.status ?? 'none'}>
          <span className="muted">{t('Studying')}</span> <strong>{primary ? primary.label || t('the live model') : t('the live model (loading…)')}</strong>
          {primary?.status === 'error' && primary.error && <span className="problem"> {t(primary.error)}</span>}
          {primary?.untrained && (
            <p className="hint" data-testid="lab-untrained">
              {t('These are fresh, untrained weights: what the lab shows means little until the network is trained (Train tab) or trained weights are loaded.')}
            </p>
          )}
        </div>
        <div className="field inline-field">
          <label htmlFor="lab-twin">{t('Beside it')}</label>
          <select
            id="lab-twin"
            value={twin ? (twin.runId ?? 'file') : ''}
            onChange={(e) => {
              if (e.target.value === 'file') twinFile.current?.click();
              else store.chooseTwin(e.target.value === '' ? null : Number(e.target.value));
            }}
          >
            <option value="">{t('its twin from the Train tab, when trained')}</option>
            {primary && (
              <option value="file">{twin && twin.runId === null ? twin.label : primary.spec.residual ? t('its plain twin from a weights file…') : t('its residual twin from a weights file…')}</option>
            )}
            {trained.map((r) => (
              <option key={r.id} value={r.id}>
                {t('{run} (Train tab, {steps} steps)', { run: r.label, steps: r.points.at(-1)!.step })}
              </option>
            ))}
          </select>
          <input
            ref={twinFile}
            type="file"
            hidden
            accept=".pth,.pt,.bin,.safetensors"
            data-testid="lab-twin-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void f.arrayBuffer().then((b) => store.twinFromFile(f.name, new Uint8Array(b)));
            }}
          />
          {twin?.status === 'error' && twin.error && <span className="problem">{t(twin.error)}</span>}
        </div>
      </section>
      <BlockSwitches store={store} s={s} />
      <StudyPanels store={store} s={s} />
      <Photos s={s} />
    </main>
  );
}
