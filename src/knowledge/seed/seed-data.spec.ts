import { caselessKey, nameProblem, normalizeName } from '../../common/validation/clean-text';
import { SEED_DOCUMENTS } from './documents';
import { SEED_PARTS } from './parts';
import { DOCUMENT_CATEGORIES, PART_CATEGORIES } from './seed-types';

// The same bounds the write DTOs and the table columns enforce: a seed record must be one an admin
// could have created through the API.
const NAME_MAX = 100;
const DESCRIPTION_MAX = 1000;
const MANUFACTURER_MAX = 100;
const INTERFACE_MAX = 60;
const PIN_MAX = 20;
const PIN_FUNCTION_MAX = 200;
const SPECS_MAX = 40;
const SPEC_KEY_MAX = 60;
const SPEC_VALUE_MAX = 200;
const TITLE_MAX = 100;
const SUMMARY_MAX = 500;
const PART_NAMES_MAX = 50;
const BODY_WORDS = { min: 300, max: 1200 };

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
}

describe('seed parts', () => {
  it('should ship at least 100 parts', () => {
    expect(SEED_PARTS.length).toBeGreaterThanOrEqual(100);
  });

  it('should use every part category, and only those', () => {
    const used = new Set(SEED_PARTS.map((part) => part.category));
    expect([...used].sort()).toEqual([...PART_CATEGORIES].sort());
  });

  it('should have names that are unique ignoring case', () => {
    expect(duplicates(SEED_PARTS.map((part) => caselessKey(part.name)))).toEqual([]);
  });

  it.each(SEED_PARTS.map((part) => [part.name, part] as const))(
    'should keep %s within the API limits',
    (_name, part) => {
      expect(nameProblem(part.name)).toBeUndefined();
      expect(normalizeName(part.name)).toBe(part.name);
      expect(part.name.length).toBeLessThanOrEqual(NAME_MAX);
      expect(part.description.length).toBeGreaterThan(0);
      expect(part.description.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
      expect((part.manufacturer ?? '').length).toBeLessThanOrEqual(MANUFACTURER_MAX);
      expect((part.interface ?? '').length).toBeLessThanOrEqual(INTERFACE_MAX);
      expect(part.pinout.length).toBeGreaterThan(0);
      for (const pin of part.pinout) {
        expect(pin.pin.length).toBeGreaterThan(0);
        expect(pin.pin.length).toBeLessThanOrEqual(PIN_MAX);
        expect(pin.function.length).toBeGreaterThan(0);
        expect(pin.function.length).toBeLessThanOrEqual(PIN_FUNCTION_MAX);
      }
      const specs = Object.entries(part.specs);
      expect(specs.length).toBeLessThanOrEqual(SPECS_MAX);
      for (const [key, value] of specs) {
        expect(key.length).toBeGreaterThan(0);
        expect(key.length).toBeLessThanOrEqual(SPEC_KEY_MAX);
        expect(value.length).toBeGreaterThan(0);
        expect(value.length).toBeLessThanOrEqual(SPEC_VALUE_MAX);
      }
    },
  );

  it('should cite datasheets only over https', () => {
    const bad = SEED_PARTS.filter(
      (part) =>
        part.datasheetUrl !== null &&
        !(part.datasheetUrl.startsWith('https://') && URL.canParse(part.datasheetUrl)),
    );
    expect(bad.map((part) => part.name)).toEqual([]);
  });

  it('should give electrical figures as finite, non-negative numbers with voltageMin <= voltageMax', () => {
    const bad = SEED_PARTS.filter((part) => {
      const figures = [part.voltageMin, part.voltageMax, part.currentMax];
      if (figures.some((v) => v !== null && !(Number.isFinite(v) && v >= 0))) return true;
      return part.voltageMin !== null && part.voltageMax !== null
        ? part.voltageMin > part.voltageMax
        : false;
    });
    expect(bad.map((part) => part.name)).toEqual([]);
  });

  it('should describe the HC-SR04 as an ultrasonic 5V sensor with its four pins', () => {
    const hcsr04 = SEED_PARTS.find((part) => part.name === 'HC-SR04');
    expect(hcsr04).toBeDefined();
    expect(hcsr04!.description.toLowerCase()).toContain('ultrasonic');
    expect(hcsr04!.description).toContain('5V');
    expect(hcsr04!.voltageMax).toBe(5);
    expect(hcsr04!.currentMax).toBe(0.015);
    expect(hcsr04!.pinout.map((p) => p.pin)).toEqual(['VCC', 'TRIG', 'ECHO', 'GND']);
  });

  it("should state the L298N's honest limits", () => {
    const l298n = SEED_PARTS.find((part) => part.name.startsWith('L298N'));
    expect(l298n).toBeDefined();
    expect(l298n!.currentMax).toBe(2);
    expect(l298n!.description).toMatch(/2V/);
    expect(l298n!.description).toMatch(/hot/);
    expect(l298n!.description).toMatch(/heatsink/);
    expect(l298n!.description).toMatch(/5V-EN jumper/);
  });
});

describe('seed documents', () => {
  const partNames = new Set(SEED_PARTS.map((part) => part.name));

  it('should ship at least 10 documents', () => {
    expect(SEED_DOCUMENTS.length).toBeGreaterThanOrEqual(10);
  });

  it('should have titles that are unique ignoring case', () => {
    expect(duplicates(SEED_DOCUMENTS.map((doc) => caselessKey(doc.title)))).toEqual([]);
  });

  it('should use only known document categories, each at least once', () => {
    const used = new Set(SEED_DOCUMENTS.map((doc) => doc.category));
    expect([...used].sort()).toEqual([...DOCUMENT_CATEGORIES].sort());
  });

  it.each(SEED_DOCUMENTS.map((doc) => [doc.title, doc] as const))(
    'should keep "%s" within the limits',
    (_title, doc) => {
      expect(nameProblem(doc.title)).toBeUndefined();
      expect(normalizeName(doc.title)).toBe(doc.title);
      expect(doc.title.length).toBeLessThanOrEqual(TITLE_MAX);
      expect(doc.summary.length).toBeGreaterThan(0);
      expect(doc.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
      expect(wordCount(doc.body)).toBeGreaterThanOrEqual(BODY_WORDS.min);
      expect(wordCount(doc.body)).toBeLessThanOrEqual(BODY_WORDS.max);
      expect(doc.partNames.length).toBeLessThanOrEqual(PART_NAMES_MAX);
      expect(duplicates(doc.partNames)).toEqual([]);
    },
  );

  it('should name only parts that exist in the seed catalogue, spelled exactly', () => {
    const unknown = SEED_DOCUMENTS.flatMap((doc) =>
      doc.partNames.filter((name) => !partNames.has(name)).map((name) => `${doc.title}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('should contain no HTML tags in any body', () => {
    const withTags = SEED_DOCUMENTS.filter((doc) => /<[A-Za-z]/.test(doc.body));
    expect(withTags.map((doc) => doc.title)).toEqual([]);
  });

  it('should cover the calculators and the L298N', () => {
    const calculatorDocs = SEED_DOCUMENTS.filter((doc) => doc.category === 'calculator');
    expect(calculatorDocs.length).toBeGreaterThanOrEqual(6);
    expect(SEED_DOCUMENTS.some((doc) => doc.title.includes('L298N'))).toBe(true);
  });
});
