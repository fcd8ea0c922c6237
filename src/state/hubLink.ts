/**
 * The Hub model in the link: `?hub=owner/name` while the live model holds the weights of a model opened by name
 * (`src/runtime/weights/hub.ts`), and only then. Other weights on the same model (*Load ImageNet weights*, which
 * `?weights=` names; a dropped file; random weights) take it away, so a reload shows what the user had, and the
 * two parameters never both name the weights. A link with one opens that model: at once when its weights are
 * kept in the browser, else after the user confirms the download. A link that names both keeps `?hub=`: it says
 * the architecture too, and its weights are the Hub model's.
 */
import type { ModelRunner } from '../runtime/runner';
import type { HubModels } from '../runtime/weights/hub';
import type { RemoteWeights } from '../runtime/weights/remote';
import { readHub, writeHub } from './urlState';

interface Url {
  read(): string;
  write(query: string, replace: boolean): void;
}

/** Whether the remote is asking about, downloading or loading a Hub model's weights. */
function hubUnderWay(remote: RemoteWeights): boolean {
  const s = remote.getState();
  return !!s.source?.hub && (s.phase === 'confirm' || s.phase === 'downloading' || s.phase === 'loading');
}

/** Keeps `?hub=` in step with the live model's weights, and opens the model `linked` names. Returns a function that stops following. */
export function followHubLink(runner: ModelRunner, hub: HubModels, remote: RemoteWeights, url: Url, linked: string | null): () => void {
  /** The link's model, until it is opened, refused or declined: the parameter stays meanwhile. */
  let pending: string | null = linked;
  /** Whether opening the link's model has ended its first step (read, refused, or a question asked). */
  let settled = false;

  const sync = () => {
    if (pending && settled && !hubUnderWay(remote) && hub.getState().phase !== 'reading') pending = null;
    // While a model is being built the one on screen is the old one: an edit has just taken `?hub=` away with the
    // old model (`URL_PARAMS.model`), and its weights must not bring it back.
    if (pending || runner.getState().status !== 'ready') return;
    const opened = hub.getState().opened;
    const w = runner.getState().weights;
    const want = opened && w.kind === 'file' && w.name === opened.name ? opened.name : null;
    if (readHub(url.read()) !== want) url.write(writeHub(url.read(), want), true);
  };
  const offHub = hub.subscribe(sync);
  const offRemote = remote.subscribe(sync);
  const offRunner = runner.subscribe(sync);
  if (linked) {
    void hub
      .open(linked)
      .catch(() => false)
      .then(() => {
        settled = true;
        sync();
      });
  }
  return () => {
    offHub();
    offRemote();
    offRunner();
  };
}
