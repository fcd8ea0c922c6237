/**
 * A Hugging Face Hub model repository, from what a user pastes: `owner/name`, or its address on huggingface.co
 * or hf.co (`https://huggingface.co/timm/resnet50.a1_in1k`, `…/tree/main`, `…/blob/main/config.json`). Anything
 * that could make a request reach elsewhere is refused here, before any request is made: `..` and %-escapes
 * (a path that climbs out of the repository), `@` (a revision, or a user name in an address), backslashes,
 * spaces, other hosts, other schemes. The names follow the Hub's own rule (huggingface_hub's
 * `validate_repo_id`): letters, digits, `-`, `_` and `.`, at most 96, not starting or ending with `-` or `.`,
 * no `--` or `..`.
 */
import { phrase, type Phrase, type PhraseVars } from '../phrase';

export interface HubRepo {
  owner: string;
  name: string;
  /** `owner/name`. */
  id: string;
}

export type RepoResult = { ok: true; repo: HubRepo } | { ok: false; problem: Phrase; code: RepoProblem };
export type RepoProblem = 'empty' | 'climbs' | 'at' | 'characters' | 'host' | 'scheme' | 'not-a-model' | 'revision' | 'shape';

/** The hosts whose addresses name a repository (the download hosts never do). */
const REPO_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/;
const EXAMPLE = 'timm/resnet50.a1_in1k';
const MAX_LENGTH = 400;

const refuse = (code: RepoProblem, template: string, vars?: PhraseVars): RepoResult => ({ ok: false, code, problem: phrase(template, vars) });

/** Shortens what the user typed for a message. */
const shown = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

function checkParts(owner: string, name: string, text: string): RepoResult {
  for (const part of [owner, name]) {
    if (!PART.test(part) || part.includes('--') || part.endsWith('.git')) {
      return refuse(
        'characters',
        '{text} is not a Hub model name: an owner and a name are letters, digits, “-”, “_” and “.” (not first or last, never doubled), such as {example}.',
        { text: shown(text), example: EXAMPLE },
      );
    }
  }
  return { ok: true, repo: { owner, name, id: `${owner}/${name}` } };
}

/** Reads a repository id or address; says what is wrong with anything else. */
export function parseHubRepo(input: string): RepoResult {
  const text = input.trim();
  if (!text) return refuse('empty', "Type a model's name on the Hugging Face Hub, such as {example} or {other}.", { example: EXAMPLE, other: 'microsoft/resnet-50' });
  if (text.length > MAX_LENGTH) return refuse('shape', 'That is too long to be a Hub model name or address.');
  // Before any parsing: an address parser would resolve these away (`%2e%2e` is `..` to it) and hide them.
  if (/\.\.|%/.test(text)) {
    return refuse('climbs', '{text} is refused: it holds “..” or a %-escape, which could reach outside a repository. Give the model as owner/name, such as {example}.', {
      text: shown(text),
      example: EXAMPLE,
    });
  }
  if (text.includes('@')) {
    return refuse('at', '{text} is refused: it holds “@” (a revision or a user name), which the app does not take. Give the model as owner/name; the app reads its main branch.', {
      text: shown(text),
    });
  }
  if (/[\s\\]|[^\x21-\x7e]/.test(text)) {
    return refuse('characters', '{text} is not a Hub model name: it holds spaces, backslashes or characters that no name has.', { text: shown(text) });
  }

  const schemed = /^[a-z][a-z0-9+.-]*:/i.test(text);
  const segments0 = text.split('/');
  // An address: a scheme, a Hub host first, or a dotted host before two more segments (example.com/a/b).
  const looksLikeAddress = schemed || /^(www\.)?(huggingface\.co|hf\.co)(\/|$)/i.test(text) || (segments0.length > 2 && segments0[0].includes('.'));
  if (!looksLikeAddress) {
    const parts = segments0;
    if (parts.length !== 2) return refuse('shape', '{text} is not a Hub model name: a name is owner/model, such as {example}.', { text: shown(text), example: EXAMPLE });
    return checkParts(parts[0], parts[1], text);
  }

  let url: URL;
  try {
    url = new URL(schemed ? text : `https://${text}`);
  } catch {
    return refuse('shape', '{text} is not a Hub model name or address.', { text: shown(text) });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('scheme', '{text} is refused: only huggingface.co addresses (https) or owner/name are taken.', { text: shown(text) });
  }
  if (!REPO_HOSTS.has(url.hostname.toLowerCase()) || url.port !== '' || url.username !== '' || url.password !== '') {
    return refuse('host', '{host} is not the Hugging Face Hub: give a model as owner/name, or its address on huggingface.co.', { host: url.host || shown(text) });
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'datasets' || segments[0] === 'spaces') {
    return refuse('not-a-model', '{text} is a {kind} on the Hub, not a model.', { text: shown(text), kind: phrase(segments[0] === 'datasets' ? 'dataset' : 'Space') });
  }
  if (segments.length < 2) return refuse('shape', '{text} names no model: a model address is huggingface.co/owner/name.', { text: shown(text) });
  const [owner, name, view, revision] = segments;
  if (view !== undefined) {
    if (!['tree', 'blob', 'resolve', 'raw', 'commits', 'discussions'].includes(view)) {
      return refuse('shape', '{text} is not an address of a model on the Hub.', { text: shown(text) });
    }
    if ((view === 'tree' || view === 'blob' || view === 'resolve' || view === 'raw') && revision !== undefined && revision !== 'main') {
      return refuse('revision', '{text} points at the revision {revision}: the app reads a repository’s main branch only. Give the model as owner/name.', {
        text: shown(text),
        revision,
      });
    }
  }
  return checkParts(owner, name, text);
}

/** The address of a file on a repository's main branch. */
export function hubFileUrl(repo: HubRepo, file: string): string {
  return `https://huggingface.co/${repo.owner}/${repo.name}/resolve/main/${file}`;
}

/** The repository (and file) a Hub "resolve" address on the main branch names, if it is one. */
export function repoOfFileUrl(url: string): { repo: HubRepo; file: string } | null {
  const m = /^https:\/\/huggingface\.co\/([^/]+)\/([^/]+)\/resolve\/main\/([^/?#]+)$/.exec(url);
  if (!m) return null;
  const r = checkParts(m[1], m[2], url);
  return r.ok ? { repo: r.repo, file: m[3] } : null;
}
