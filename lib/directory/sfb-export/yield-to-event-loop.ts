/** Lets timers and I/O run between chunks of work whose length depends on the uploaded file. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A check to call once per unit of work: it yields to the event loop when the work since the
 * last yield took longer than `budgetMs`. Time rather than a count, because the same count
 * of rows costs far more before the JIT has compiled the parser than after.
 */
export function createYielder(budgetMs = 10): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return yieldToEventLoop().then(() => {
      since = performance.now();
    });
  };
}
