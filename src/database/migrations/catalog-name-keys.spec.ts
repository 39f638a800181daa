import { planCatalogNames } from './catalog-name-keys';

describe(planCatalogNames.name, () => {
  const plan = (...names: string[]) => [
    ...planCatalogNames(names.map((name, i) => ({ id: `id-${i}`, name }))).values(),
  ];

  it('should keep distinct names and key them caselessly', () => {
    expect(plan('nav-good', 'Dock Loop')).toEqual([
      { name: 'nav-good', nameKey: 'nav-good' },
      { name: 'Dock Loop', nameKey: 'dock loop' },
    ]);
  });

  it('should trim and compose stored names', () => {
    expect(plan(' cafe\u0301 ')).toEqual([{ name: 'caf\u00e9', nameKey: 'caf\u00e9' }]);
  });

  it('should let the oldest keep a name and suffix the later ones that collide', () => {
    expect(plan('nav-good', 'NAV-GOOD', 'nav-good ').map((p) => p.name)).toEqual([
      'nav-good',
      'NAV-GOOD (2)',
      'nav-good (3)',
    ]);
  });

  it('should never rename onto a name a later row already has', () => {
    expect(plan('x', 'X', 'x (2)').map((p) => p.name)).toEqual(['x', 'x (2)', 'X (3)']);
  });

  it('should keep a suffixed name within 100 characters, without splitting a surrogate pair', () => {
    const long = `${'n'.repeat(95)}🚀🚀`;
    const [, renamed] = plan(long, long.toUpperCase());
    expect(renamed.name.length).toBeLessThanOrEqual(100);
    expect(renamed.name).toBe(`${'N'.repeat(95)} (2)`);
    const [, withPair] = plan(`${'n'.repeat(94)}🚀x`, `${'N'.repeat(94)}🚀X`);
    expect(withPair.name).toBe(`${'N'.repeat(94)}🚀 (2)`);
  });

  it('should give every row a unique key', () => {
    const planned = plan('a', 'A', 'a ', 'a (2)', 'A (2)', 'b');
    expect(new Set(planned.map((p) => p.nameKey)).size).toBe(planned.length);
  });
});
