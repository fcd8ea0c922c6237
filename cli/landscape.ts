/**
 * `npm run --silent landscape -- --config spec.json --weights w.pth [--directions d.safetensors] --alphas
 * -1,-0.5,0,0.5,1 --betas -1,-0.5,0,0.5,1 --images 500 --json [--seed N]` evaluates the mean cross-entropy at
 * weights + α·d₁ + β·d₂ (Li et al. 2018) on the first `--images` of the Fashion-MNIST subset's test images, batch
 * norm in eval mode: `{"loss": [[…]]}` with `loss[i][j]` at α = alphas[i], β = betas[j]. The directions move the
 * conv and linear weights only: read from `--directions` (`d1.<key>`, `d2.<key>`), or seeded filter-normalised
 * random ones (`--seed`, default 1). Defaults: 11 values over [−1, 1] for each axis, 256 images; `--betas 0`
 * gives a 1-D slice along d₁.
 */
import { axis } from '../src/core/lab';
import { randomDirections, readDirections } from '../src/runtime/lab/directions';
import { lossOf } from '../src/runtime/lab/evaluate';
import { lossGrid } from '../src/runtime/lab/landscape';
import { UsageError, command, parseFlags, runIfEntry } from './args';
import { numberList, openFromFlags, readFlagFile, usage } from './labNet';

const VALUED = ['config', 'preset', 'weights', 'directions', 'alphas', 'betas', 'images', 'seed'];
const BOOLEANS = ['json'];
const MAX_POINTS = 10_000;

export const main = command(async (argv, io) => {
  const flags = parseFlags(argv, VALUED, BOOLEANS);
  const alphas = numberList(flags.get('alphas'), 'alphas') ?? axis(-1, 1, 11);
  const betas = numberList(flags.get('betas'), 'betas') ?? axis(-1, 1, 11);
  if (alphas.length * betas.length > MAX_POINTS) throw new UsageError(`${alphas.length}×${betas.length} points is more than the ${MAX_POINTS} allowed`);
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${String(raw)}"`);
    return v;
  };
  const images = whole('images', 256, 1, 2000);
  const seed = whole('seed', 1, 0, 2 ** 31 - 1);
  const dirPath = flags.get('directions');
  if (dirPath !== undefined && flags.has('seed')) throw new UsageError('give --directions or --seed, not both');
  const { analysis, net, modules, data } = await openFromFlags(flags);
  let directions;
  try {
    directions = typeof dirPath === 'string' ? readDirections(readFlagFile(dirPath, '--directions'), analysis) : randomDirections(analysis, modules, seed);
  } catch (e) {
    net.dispose();
    if (e instanceof UsageError) throw e;
    usage(e);
  }
  const json = flags.has('json');
  const total = alphas.length * betas.length;
  let done = 0;
  const grid = await lossGrid(net, data, directions, { alphas, betas, images }, () => {
    done++;
    if (!json && io.errIsTTY) io.err(`\r${done}/${total} points`);
  });
  net.dispose();
  const loss = grid.map((row) => row.map(lossOf));
  if (json) {
    io.out(`${JSON.stringify({ loss })}\n`);
    return;
  }
  if (io.errIsTTY) io.err('\n');
  io.out(`mean cross-entropy on ${images} test images at weights + α·d1 + β·d2 (${typeof dirPath === 'string' ? dirPath : `filter-normalised random directions, seed ${seed}`})\n`);
  io.out(`${'α \\ β'.padStart(8)} ${betas.map((b) => String(b).padStart(8)).join(' ')}\n`);
  loss.forEach((row, i) => io.out(`${String(alphas[i]).padStart(8)} ${row.map((v) => v.toFixed(4).padStart(8)).join(' ')}\n`));
});

runIfEntry(import.meta.url, main);
