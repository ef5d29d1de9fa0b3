import { directoryRoute } from '@/lib/api/directory-route';

export const dynamic = 'force-dynamic';

type RunRouteParams = { params: Promise<{ id: string }> };

/** A directory sync or import run: status, counts (moving while it runs), problems, message. */
export const GET = directoryRoute<RunRouteParams>('directory.runs.get', async ({ service, route }) => {
  const { id } = await route.params;
  return { status: 200, body: await service.getDirectoryRun(id) };
});
