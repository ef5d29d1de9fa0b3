import 'server-only';
import type { Db } from './client';

export type AccessNumberView = {
  id: string;
  displayName: string;
  displayNumber: string;
  lineUri: string;
  primaryLanguage: string;
  secondaryLanguages: string[];
};

/** Access numbers grouped by region, each region in its configured order. */
export async function listAccessNumbersByRegion(db: Db): Promise<{ region: string; numbers: AccessNumberView[] }[]> {
  const rows = await db.accessNumberRegion.findMany({ orderBy: [{ region: 'asc' }, { position: 'asc' }], include: { accessNumber: true } });
  const regions = new Map<string, AccessNumberView[]>();
  for (const row of rows) {
    const n = row.accessNumber;
    let languages: string[] = [];
    try {
      languages = JSON.parse(n.secondaryLanguages);
    } catch {
      languages = [];
    }
    const list = regions.get(row.region) ?? [];
    list.push({ id: n.id, displayName: n.displayName, displayNumber: n.displayNumber, lineUri: n.lineUri, primaryLanguage: n.primaryLanguage, secondaryLanguages: languages });
    regions.set(row.region, list);
  }
  return [...regions].map(([region, numbers]) => ({ region, numbers }));
}
