/**
 * `npm run bench -- --only lesson [--lesson-hold 600]`: the time to the lesson. The Train tab opened as a user
 * opens it (`?view=train`: the default experiment, its default settings, the training worker on WebAssembly),
 * Start pressed, and the clock stopped at the first moment the tab's own verdict (the explanation panel's
 * `data-holds`, computed by src/core/lesson) says the paper's ordering holds: Plain-56 worse than Plain-20 and
 * ResNet-56 better than Plain-56, each beyond 3× the noise of the smoothed losses. Training then goes on for
 * `--lesson-hold` seconds (60 by default; the README's figure uses 600, the ten minutes, or to the
 * experiment's end if that comes first), watching for the verdict to flip back.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import type { Figure } from './stats';

/** The verdict's changes as the page saw them: ms after Start, holds or not, at which step. */
interface Change {
  t: number;
  holds: boolean;
  step: number;
}

declare global {
  interface Window {
    __lesson?: { t0: number; changes: Change[]; firstStep: number | null };
  }
}

/**
 * CPU seconds used so far by this process's Chromium descendants (Linux /proc; NaN elsewhere). On a shared
 * machine wall time says little; the browser's CPU time from Start to the lesson is what the lesson cost.
 */
function chromiumCpuSeconds(): number {
  try {
    const tick = 100; // USER_HZ on Linux
    const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const parent = new Map<number, number>();
    const cpu = new Map<number, number>();
    const chromium = new Set<number>();
    for (const d of procs) {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(d), Number(fields[1]));
        cpu.set(Number(d), (Number(fields[11]) + Number(fields[12])) / tick);
        if (/chrom/i.test(readFileSync(`/proc/${d}/cmdline`, 'utf8'))) chromium.add(Number(d));
      } catch {
        // gone meanwhile
      }
    }
    const mine = (pid: number): boolean => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    return [...chromium].filter(mine).reduce((sum, pid) => sum + (cpu.get(pid) ?? 0), 0);
  } catch {
    return NaN;
  }
}

export async function lessonFigures(page: Page, url: string, holdSeconds: number): Promise<Figure[]> {
  await page.goto(`${url}/?view=train`);
  await page.getByTestId('train-view').waitFor({ timeout: 120_000 });
  // The live model builds in its own worker when the page opens; a user reads the tab first, so Start is
  // pressed once that build is done and does not compete with training.
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 600_000, polling: 200 });
  const cpuAtStart = chromiumCpuSeconds();
  await page.evaluate(() => {
    const panel = document.querySelector('[data-testid="train-explanation"]')!;
    const state = { t0: 0, changes: [] as Change[], firstStep: null as number | null };
    window.__lesson = state;
    new MutationObserver(() => {
      const holds = panel.getAttribute('data-holds') === 'true';
      const last = state.changes.at(-1);
      if ((last?.holds ?? false) !== holds) state.changes.push({ t: performance.now() - state.t0, holds, step: Number(panel.getAttribute('data-step')) });
    }).observe(panel, { attributes: true, attributeFilter: ['data-holds'] });
    const unsubscribe = window.resnetExplorer.train.subscribe(() => {
      if (state.firstStep === null && window.resnetExplorer.train.getState().runs.some((r) => r.points.length > 0)) {
        state.firstStep = performance.now() - state.t0;
        unsubscribe();
      }
    });
    const start = [...document.querySelectorAll<HTMLButtonElement>('.train-controls button')].find((b) => b.textContent === 'Start')!;
    state.t0 = performance.now();
    start.click();
  });
  const limit = 15 * 60_000;
  await page.waitForFunction(() => window.__lesson!.changes.some((c) => c.holds) || window.resnetExplorer.train.getState().phase === 'done', undefined, { timeout: limit, polling: 250 });
  const cpuToLesson = chromiumCpuSeconds() - cpuAtStart;
  const at = await page.evaluate(() => {
    const s = window.resnetExplorer.train.getState();
    return { lesson: window.__lesson!.changes.find((c) => c.holds) ?? null, firstStep: window.__lesson!.firstStep, settings: s.settings };
  });
  const conditions = `batch ${at.settings.batchSize}, lr ${at.settings.lr}, warm-up ${at.settings.warmupSteps}`;
  if (!at.lesson) return [{ name: 'time to the lesson (default experiment)', value: NaN, unit: 's', note: `the verdict never held before the experiment ended (${conditions})` }];
  // Keep training, watching for a flip, until the hold is over or the experiment ends.
  const lessonAt = at.lesson.t;
  await page.waitForFunction(
    ([until]) => performance.now() - window.__lesson!.t0 >= until || window.resnetExplorer.train.getState().phase === 'done' || window.__lesson!.changes.at(-1)!.holds === false,
    [lessonAt + holdSeconds * 1000] as const,
    { timeout: holdSeconds * 1000 + 120_000, polling: 1000 },
  );
  const after = await page.evaluate(() => {
    const s = window.resnetExplorer.train.getState();
    const step = Math.min(...s.runs.map((r) => r.points.at(-1)?.step ?? 0));
    return { t: performance.now() - window.__lesson!.t0, changes: window.__lesson!.changes, phase: s.phase, step, rates: s.runs.map((r) => r.imagesPerSecond ?? NaN) };
  });
  await page.evaluate(() => window.resnetExplorer.train.reset());
  const flip = after.changes.find((c) => c.t > lessonAt && !c.holds) ?? null;
  const watched = ((flip?.t ?? after.t) - lessonAt) / 1000;
  const to = after.phase === 'done' ? ' (to the end of the experiment)' : '';
  return [
    {
      name: 'time to the lesson (default experiment, worker, wasm)',
      value: lessonAt / 1000,
      unit: 's',
      goal: { at: 45, better: 'lower' },
      note: `at step ${at.lesson.step}; first step ${((at.firstStep ?? NaN) / 1000).toFixed(1)} s after Start; ${conditions}`,
    },
    {
      name: 'CPU time to the lesson (all of Chromium)',
      value: cpuToLesson,
      unit: 's',
      note: 'what the lesson cost, whatever else the machine ran (2 cores: the wall time is at least half of it)',
    },
    {
      name: 'lesson verdict held afterwards',
      value: watched,
      unit: 's',
      note: flip ? `FLIPPED at step ${flip.step}, ${(flip.t / 1000).toFixed(0)} s after Start` : `no flip through step ${after.step}${to}`,
    },
    {
      name: 'default runs, images/s per step (P-20, P-56, R-20, R-56)',
      value: after.rates.reduce((a, b) => a + b, 0) / after.rates.length,
      unit: 'images/s',
      note: after.rates.map((r) => r.toFixed(0)).join(' / '),
    },
  ];
}
