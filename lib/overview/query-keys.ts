/** TanStack Query keys of the Overview page. */
export const overviewKeys = {
  all: ['overview'] as const,
};
