import { findJsonHazard } from './json-guard';

const check = (json: string, maxDepth = 32) => findJsonHazard(Buffer.from(json, 'utf8'), maxDepth);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe(findJsonHazard.name, () => {
  describe('depth', () => {
    it('should accept nesting up to the limit and refuse one level more', () => {
      expect(check(nested(3), 3)).toBeUndefined();
      expect(check(nested(4), 3)).toMatch(/deeper than 3/);
      expect(check('{"a":{"b":{"c":1}}}', 3)).toBeUndefined();
      expect(check('{"a":{"b":{"c":{}}}}', 3)).toMatch(/deeper than 3/);
    });

    it('should count depth, not the number of brackets', () => {
      const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
      expect(check(wide, 3)).toBeUndefined();
    });

    it('should ignore brackets inside strings', () => {
      expect(check('{"a":"[[[[[[[[{{{{{{{{"}', 2)).toBeUndefined();
      expect(check('{"[[[[[[":"]]]]]]"}', 1)).toBeUndefined();
    });

    it('should not end a string at an escaped quote', () => {
      expect(check('{"a":"\\"[[[[[[[[\\""}', 2)).toBeUndefined();
      expect(check('{"a":"x\\\\\\"[[[[[["}', 2)).toBeUndefined();
    });

    it('should end a string after an escaped backslash and count the brackets that follow', () => {
      // "a\\" is a complete string; the arrays after it are real nesting.
      expect(check('["a\\\\",[[[[1]]]]]', 3)).toMatch(/deeper than 3/);
    });

    it('should refuse 10,000 levels quickly', () => {
      const started = performance.now();
      expect(check(nested(10_000))).toMatch(/deeper than 32/);
      expect(check('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000))).toMatch(/deeper/);
      expect(performance.now() - started).toBeLessThan(100);
    });
  });

  describe('forbidden keys', () => {
    it.each([
      ['__proto__ at the top', '{"__proto__":{"polluted":true}}'],
      ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
      ['prototype alone', '{"prototype":1}'],
      ['__proto__ in an array element', '[{"x":1},{"__proto__":{}}]'],
      ['__proto__ deep inside', '{"a":{"b":[{"c":{"__proto__":1}}]}}'],
      ['an escaped spelling of __proto__', '{"\\u005f_proto__":{"polluted":true}}'],
      ['__proto__ with whitespace around the colon', '{ "__proto__" : {} }'],
    ])('should refuse %s', (_label, json) => {
      expect(check(json)).toMatch(/__proto__.*not allowed/);
    });

    it.each([
      ['as a string value', '{"name":"__proto__"}'],
      ['in a longer value', '{"d":"the constructor prototype __proto__ chain"}'],
      ['as array items', '["__proto__","constructor","prototype"]'],
      ['as part of a key', '{"my__proto__":1,"constructorName":2,"prototypes":3}'],
      ['as an escaped quote inside a value', '{"d":"\\"__proto__\\": 1"}'],
    ])('should accept the words %s', (_label, json) => {
      expect(check(json)).toBeUndefined();
    });

    it('should leave malformed JSON to the parser rather than report a hazard', () => {
      expect(check('{"__proto__": NaN')).toBeUndefined();
    });

    it('should accept ordinary documents', () => {
      expect(check('{"name":"loop","waypoints":[{"x":1,"y":2}],"enabled":true}')).toBeUndefined();
      expect(check('')).toBeUndefined();
    });
  });
});
