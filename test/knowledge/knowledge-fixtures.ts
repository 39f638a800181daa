import { type Body, uniqueTag } from '../helpers/catalog-fixtures';

export const PARTS = '/api/knowledge/parts';
export const DOCUMENTS = '/api/knowledge/documents';
export const SEARCH = '/api/knowledge/search';

/**
 * A made-up word per test: FTS indexes words, so each test's records are found by a token no seed
 * text or other test holds. Letters only, because the tokenizers split on digits and dashes alike.
 */
export function uniqueWord(): string {
  return `zq${uniqueTag()
    .replace(/[^a-z0-9]/gi, '')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`.toLowerCase();
}

export function partBody(overrides: Body = {}): Body {
  return {
    name: `Part ${uniqueWord()}`,
    category: 'sensor',
    manufacturer: 'Test Labs',
    description: 'A test sensor',
    voltageMin: 3.3,
    voltageMax: 5,
    currentMax: 0.02,
    interface: 'I2C',
    pinout: [
      { pin: 'VCC', function: 'Supply' },
      { pin: 'GND', function: 'Ground' },
    ],
    specs: { range: '0-10 m' },
    datasheetUrl: 'https://example.com/datasheet.pdf',
    ...overrides,
  };
}

export function documentBody(overrides: Body = {}): Body {
  return {
    title: `Guide ${uniqueWord()}`,
    category: 'wiring-guide',
    summary: 'How to wire a thing',
    body: '# Wiring\n\nConnect VCC to 5V and GND to ground.',
    partNames: [],
    ...overrides,
  };
}

export interface SearchHit {
  kind: 'part' | 'document';
  id: string;
  title: string;
  snippet: string;
  score: number;
}

export interface SearchPage {
  items: SearchHit[];
  total: number;
  page: number;
  limit: number;
}
