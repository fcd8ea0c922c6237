/** What a Hub repository's configuration says, once read: the model this app builds for it, or why it cannot. */
import type { Phrase } from '../phrase';
import type { ResNetSpec } from '../spec';
import type { Naming } from './names';
import type { Preprocessing } from '../preprocess';
import type { HubRepo } from './repoId';

export type HubLibrary = 'timm' | 'transformers';

export interface HubModel {
  repo: HubRepo;
  library: HubLibrary;
  /** timm's architecture (`resnet50`), or transformers' class (`ResNetForImageClassification`). */
  architecture: string;
  /** timm's pretrained tag (`a1_in1k`), when the config says it. */
  tag: string | null;
  spec: ResNetSpec;
  /** What the weights expect of a picture, as the repository says it. */
  preprocessing: Preprocessing;
  /** The repository's crop_pct, when it gives one (the summary says it). */
  cropPct: number | null;
  /** The names the weights file uses (loading maps transformers' to torchvision's). */
  naming: Naming;
  /** Class names by index, when the config gives them (transformers' id2label, timm's label_names). */
  labels: string[] | null;
  /** Things the app does differently from the library, said before the download (none for the usual models). */
  notes: Phrase[];
}

/** A configuration the app will not build, with what it is and why. */
export interface HubRefusal {
  /** What the configuration describes ("timm's resnet50d", "a ViT (transformers' ViTForImageClassification)"). */
  what: Phrase;
  why: Phrase;
  code: 'not-resnet' | 'layout' | 'config' | 'head' | 'limits';
}

export type HubReading = { ok: true; model: HubModel } | { ok: false; refusal: HubRefusal };
