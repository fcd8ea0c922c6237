/**
 * `npm run --silent lesion -- --config spec.json --weights w.pth [--delete layer1.0,layer2.1] --json` switches
 * blocks off (Veit et al. 2016) and measures the network on the Fashion-MNIST subset's 2,000 test images,
 * batch norm in eval mode: `{"whole": {"accuracy", "loss"}, "single": {"layer1.0": {"accuracy", "loss"}, …},
 * "deleted": {"blocks": […], "accuracy", "loss"}}` (`deleted` only with `--delete`). A residual block switched off
 * passes relu(shortcut(x)) on; a plain block whose shapes agree becomes the identity; `single` lists every block
 * that can be switched off. Loss is the mean cross-entropy (natural log). `--preset` instead of `--config`.
 */
import { checkDeleted, deletableBlocks, eachInTurn, parseBlockList } from '../src/core/lab';
import { accuracyOf, evaluateSets, lossOf, type Score } from '../src/runtime/lab/evaluate';
import { UsageError, command, parseFlags, runIfEntry } from './args';
import { openFromFlags, usage } from './labNet';

const VALUED = ['config', 'preset', 'weights', 'delete'];
const BOOLEANS = ['json'];

const figures = (s: Score) => ({ accuracy: accuracyOf(s), loss: lossOf(s) });

export const main = command(async (argv, io) => {
  const flags = parseFlags(argv, VALUED, BOOLEANS);
  const del = flags.get('delete');
  if (del === true || (typeof del === 'string' && parseBlockList(del).length === 0)) throw new UsageError('--delete needs block names separated by commas, like layer1.0,layer2.1');
  const { analysis, net, data } = await openFromFlags(flags);
  let deleted: string[] | null = null;
  if (typeof del === 'string') {
    try {
      deleted = checkDeleted(analysis, parseBlockList(del));
    } catch (e) {
      net.dispose(); // a test may call this in-process: leave no tensors behind
      usage(e);
    }
  }
  const singles = deletableBlocks(analysis);
  const sets = [...eachInTurn(singles).map((s) => s.deleted), ...(deleted ? [deleted] : [])];
  const scores = await evaluateSets(net, data, sets);
  net.dispose();
  const out: Record<string, unknown> = {
    whole: figures(scores[0]),
    single: Object.fromEntries(singles.map((b, i) => [b, figures(scores[1 + i])])),
  };
  if (deleted) out.deleted = { blocks: deleted, ...figures(scores.at(-1)!) };
  if (flags.has('json')) {
    io.out(`${JSON.stringify(out)}\n`);
    return;
  }
  const line = (name: string, s: Score) => `${name.padEnd(28)} ${(accuracyOf(s) * 100).toFixed(2).padStart(6)} %   loss ${lossOf(s).toFixed(4)}\n`;
  io.out(`test accuracy and mean cross-entropy on ${data.count} Fashion-MNIST test images\n`);
  io.out(line('whole network', scores[0]));
  singles.forEach((b, i) => io.out(line(`without ${b}`, scores[1 + i])));
  if (deleted) io.out(line(`without ${deleted.join(', ')}`, scores.at(-1)!));
  const kept = analysis.graph.stages.flatMap((s) => s.blocks.map((b) => b.name)).filter((b) => !singles.includes(b));
  if (kept.length) io.out(`cannot be switched off (plain, the shape changes): ${kept.join(', ')}\n`);
});

runIfEntry(import.meta.url, main);
