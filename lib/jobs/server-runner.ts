import 'server-only';

/** For pages, server actions, route handlers and instrumentation.ts; see process-job-runner.ts. */
export { startServerJobRunner, wakeJobRunner } from './process-job-runner';
