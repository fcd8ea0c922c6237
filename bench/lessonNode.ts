/**
 * `npx tsx bench/lessonNode.ts [--steps 120] [--batch 16 --lr 0.05 --warmup 0] [--seed 1]`: the Train tab's
 * default experiment driven in Node through the tab's own store (src/state/trainStore.ts) and trainer, on
 * WebAssembly with one thread: the step at which the tab's verdict first says the paper's ordering holds, and the
 * CPU time of a round (one step of each run). Steps are what the browser would train (the same seed, batches
 * and arithmetic); CPU time stands in for wall time on a shared machine. Settings default to the tab's.
 */
import { checkModel } from '../src/core';
import { lessonVerdict } from '../src/core/lesson';
import { startNodeBackend } from '../src/runtime/backends/node';
import { Trainer, TrainingError, fashionMnistData, forDataset } from '../src/runtime/train';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { DEFAULT_SETTINGS, TrainStore, lessonRun } from '../src/state/trainStore';
import { parseFlags, runCli } from '../cli/args';

void runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), ['steps', 'batch', 'lr', 'warmup', 'seed'], []);
  const num = (k: string, fallback: number) => Number(flags.get(k) ?? fallback);
  const upTo = num('steps', 120);
  await startNodeBackend();
  const data = fashionMnistData(await readFashionMnist());
  const engine = {
    data,
    createTrainer(spec: Parameters<typeof checkModel>[0], config: ConstructorParameters<typeof Trainer>[2]) {
      const checked = checkModel(spec);
      if (!checked.ok) throw new TrainingError(checked.errors[0].phrase);
      return new Trainer(checked.value, data, config);
    },
  };
  const store = new TrainStore({ read: () => '', write: () => undefined }, async () => engine, (s) => forDataset(s, data));
  store.setSettings({
    batchSize: num('batch', DEFAULT_SETTINGS.batchSize),
    lr: num('lr', DEFAULT_SETTINGS.lr),
    warmupSteps: num('warmup', DEFAULT_SETTINGS.warmupSteps),
    seed: num('seed', DEFAULT_SETTINGS.seed),
  });
  let lesson: number | null = null;
  let flips = 0;
  let before = process.cpuUsage();
  let cpu = 0;
  let rounds = 0;
  let lastCommon = 0;
  const off = store.subscribe(() => {
    const s = store.getState();
    const common = Math.min(...s.runs.map((r) => r.points.length));
    if (common === lastCommon) return;
    lastCommon = common;
    const d = process.cpuUsage(before);
    before = process.cpuUsage();
    if (common > 1) {
      cpu += (d.user + d.system) / 1000;
      rounds++;
    }
    const holds = lessonVerdict(s.runs.map(lessonRun)).holds;
    if (holds && lesson === null) {
      lesson = common;
      console.log(`the lesson holds at step ${common}`);
    } else if (!holds && lesson !== null) {
      flips++;
      console.log(`FLIPPED at step ${common}`);
    }
    if (common >= upTo) void store.pause();
  });
  await store.start();
  off();
  const s = store.getState().settings;
  console.log(
    `batch ${s.batchSize}, lr ${s.lr}, warm-up ${s.warmupSteps}, seed ${s.seed}: lesson at step ${lesson ?? '—'}, ${flips} flips to step ${lastCommon}; ` +
      `${(cpu / Math.max(1, rounds)).toFixed(0)} ms of CPU a round (one thread)`,
  );
  await store.dispose();
});
