/** Lets timers and I/O run between chunks of work whose length depends on the uploaded file. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
