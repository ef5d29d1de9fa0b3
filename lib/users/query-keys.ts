/** TanStack Query keys of the Users page (one factory, so invalidation hits them all). */
export const userKeys = {
  all: ['users'] as const,
  search: (params: string) => ['users', 'search', params] as const,
  filterValues: (property: string, prefix: string) => ['users', 'filterValues', property, prefix] as const,
};
