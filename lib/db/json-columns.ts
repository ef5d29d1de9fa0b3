/** JSON-array text columns (other phones, languages, allowed sources): a bad value reads as empty. */
export function parseJsonStringArray(text: string): string[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
