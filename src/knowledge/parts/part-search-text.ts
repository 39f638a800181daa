import type { PartCategory, PinSeed } from '../seed/seed-types';

interface IndexedPartFields {
  category: PartCategory;
  manufacturer: string | null;
  interface: string | null;
  pinout: readonly PinSeed[];
  specs: Readonly<Record<string, string>>;
}

/** The words of a part's structured fields, for the full-text index (see PartEntity.searchText). */
export function partSearchText(part: IndexedPartFields): string {
  return [
    part.category.replace(/-/g, ' '),
    part.manufacturer ?? '',
    part.interface ?? '',
    ...part.pinout.map((p) => `${p.pin} ${p.function}`),
    ...Object.entries(part.specs).map(([key, value]) => `${key} ${value}`),
  ]
    .filter((text) => text.length > 0)
    .join('\n');
}
