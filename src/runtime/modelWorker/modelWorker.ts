/**
 * The live model's worker: the model engine behind comlink (`serve.ts`), holding its lifeline — a Web Lock the
 * page waits on, so the page learns at once when this worker is gone (terminated, crashed or closed).
 */
import { browserLocks } from '../workers/lifecycle';
import { serveModelEngine } from './serve';

serveModelEngine(self as unknown as Parameters<typeof serveModelEngine>[0], browserLocks());
