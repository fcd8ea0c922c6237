/**
 * The referee's verdict: PyTorch's curves (bench/pytorch_lesson.py) judged by the Train tab's own rule
 * (src/core/lesson), step by step, as the tab judges its runs while they train.
 *
 *   npx tsx bench/lessonReferee.ts --curves a.json[,b.json…] [--hold-steps N]
 *   npx tsx bench/lessonReferee.ts --sweep --batch 8,16,32 --lr 0.05,0.1 --warmup 0,20 --seeds 1,2,3 \
 *       --steps 1200 --train-steps 150 [--hold-steps N] [--jobs 2] [--out sweep.json]
 *
 * For each file (or each setting × seed of the sweep, which writes the tab's initial weights with
 * bench/lessonInit.ts and runs the PyTorch script): the first step at which the ordering holds, and the first
 * later step, within the next `--hold-steps`, at which it no longer does (a flip).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetSpec, type PresetName } from '../src/core';
import { lessonVerdict, weightedDepth, type LessonRun } from '../src/core/lesson';
import { DEFAULT_RUNS } from '../src/state/trainStore';
import { parseFlags, runCli } from '../cli/args';
import { writeInitialWeights } from './lessonInit';

export interface Curves {
  settings: { batch: number; lr: number; warmup: number; steps: number; seed: number; init: string };
  trainSteps: number;
  losses: Record<string, number[]>;
  diverged?: string[];
  cpuSeconds?: Record<string, number>;
}

export interface Refereed {
  /** First step at which the ordering holds (null: not within the curves). */
  lessonStep: number | null;
  /** First step after it at which it no longer holds (null: held to the end of the curves or the hold window). */
  flipStep: number | null;
  /** The last step judged after the lesson (lessonStep + hold steps, or the curves' end). */
  heldTo: number | null;
  /** Smoothed losses at the lesson, by preset. */
  atLesson: Record<string, number> | null;
  diverged: string[];
}

const runsAt = (c: Curves, n: number): LessonRun[] =>
  DEFAULT_RUNS.map((p, id) => {
    const spec = presetSpec(p as PresetName);
    return { id, label: p, depth: weightedDepth(spec), residual: spec.residual, losses: c.losses[p].slice(0, n), diverged: (c.diverged ?? []).includes(p) };
  });

export function referee(c: Curves, holdSteps = Infinity): Refereed {
  const last = Math.min(...DEFAULT_RUNS.map((p) => c.losses[p].length));
  let lessonStep: number | null = null;
  let flipStep: number | null = null;
  let atLesson: Record<string, number> | null = null;
  let heldTo: number | null = null;
  for (let n = 1; n <= last; n++) {
    const v = lessonVerdict(runsAt(c, n));
    if (lessonStep === null) {
      if (v.holds) {
        lessonStep = n;
        atLesson = { [v.degradation!.a.label]: v.degradation!.c.a, [v.degradation!.b.label]: v.degradation!.c.b, [v.deepShortcut!.a.label]: v.deepShortcut!.c.a };
      }
      continue;
    }
    if (n > lessonStep + holdSteps) break;
    heldTo = n;
    if (!v.holds) {
      flipStep = n;
      break;
    }
  }
  return { lessonStep, flipStep, heldTo, atLesson, diverged: c.diverged ?? [] };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

const list = (v: string | true | undefined, fallback: string) => String(typeof v === 'string' ? v : fallback).split(',').map(Number);

if (process.argv[1]?.endsWith('lessonReferee.ts')) {
  void runCli(async () => {
    const flags = parseFlags(process.argv.slice(2), ['curves', 'hold-steps', 'batch', 'lr', 'warmup', 'seeds', 'steps', 'train-steps', 'jobs', 'out', 'python'], ['sweep']);
    const hold = Number(flags.get('hold-steps') ?? Infinity);
    const show = (name: string, c: Curves, r: Refereed) => {
      const img = r.lessonStep === null ? '—' : String(r.lessonStep * c.settings.batch);
      const held = r.lessonStep === null ? '' : r.flipStep === null ? `held to step ${r.heldTo ?? r.lessonStep}` : `FLIPPED at step ${r.flipStep}`;
      const at = r.atLesson ? Object.entries(r.atLesson).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ') : '';
      console.log(`${name}  lesson at step ${r.lessonStep ?? '—'} (${img} images per run)  ${held}  ${at}${r.diverged.length ? `  diverged: ${r.diverged.join(', ')}` : ''}`);
    };
    if (!flags.has('sweep')) {
      for (const f of String(flags.get('curves') ?? '').split(',').filter(Boolean)) {
        const c = JSON.parse(readFileSync(f, 'utf8')) as Curves;
        show(f, c, referee(c, hold));
      }
      return;
    }
    const python = String(flags.get('python') ?? '/usr/bin/python3');
    const steps = Number(flags.get('steps') ?? 1200);
    const trainSteps = Number(flags.get('train-steps') ?? steps);
    const jobs = Number(flags.get('jobs') ?? 1);
    const seeds = list(flags.get('seeds'), '1');
    const tasks: { batch: number; lr: number; warmup: number; seed: number }[] = [];
    for (const batch of list(flags.get('batch'), '16'))
      for (const lr of list(flags.get('lr'), '0.1'))
        for (const warmup of list(flags.get('warmup'), '0')) for (const seed of seeds) tasks.push({ batch, lr, warmup, seed });
    for (const seed of seeds) {
      const dir = join(tmpdir(), `lesson-init-${seed}`);
      if (!existsSync(join(dir, 'resnet56.safetensors'))) await writeInitialWeights(seed, dir);
    }
    const results: { task: (typeof tasks)[number]; r: Refereed }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const t = tasks[next++];
        const out = join(tmpdir(), `lesson-b${t.batch}-lr${t.lr}-w${t.warmup}-s${t.seed}-${steps}-${trainSteps}.json`);
        if (!existsSync(out)) {
          await run(python, [new URL('pytorch_lesson.py', import.meta.url).pathname, '--batch', String(t.batch), '--lr', String(t.lr), '--warmup', String(t.warmup), '--steps', String(steps), '--train-steps', String(trainSteps), '--seed', String(t.seed), '--init', join(tmpdir(), `lesson-init-${t.seed}`), '--out', `${out}.part`]);
          await run('mv', [`${out}.part`, out]);
        }
        const c = JSON.parse(readFileSync(out, 'utf8')) as Curves;
        const r = referee(c, hold);
        results.push({ task: t, r });
        show(`batch ${t.batch} lr ${t.lr} warm-up ${t.warmup} seed ${t.seed}`, c, r);
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    const outFile = flags.get('out');
    if (typeof outFile === 'string') writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  });
}
