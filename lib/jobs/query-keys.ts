/** TanStack Query keys of bulk jobs. */
export const jobKeys = {
  all: (id: string) => ['bulk-job', id] as const,
  detail: (id: string, page: number, problemsPage: number) => ['bulk-job', id, 'detail', page, problemsPage] as const,
  pins: (id: string, page: number) => ['bulk-job', id, 'pins', page] as const,
};
