import { caselessKey, loneSurrogateProblem, nameProblem, normalizeName } from './clean-text';

describe('clean-text', () => {
  describe(normalizeName.name, () => {
    it('should trim spaces, including no-break and ideographic ones, but keep inner spaces', () => {
      expect(normalizeName('  nav good \u00a0\u3000')).toBe('nav good');
    });

    it('should compose to NFC', () => {
      expect(normalizeName('cafe\u0301')).toBe('caf\u00e9');
    });

    it('should leave tabs, line breaks and a byte-order mark at the ends for the checks to refuse', () => {
      expect(normalizeName('\tnav\n')).toBe('\tnav\n');
      expect(normalizeName('\ufeffnav')).toBe('\ufeffnav');
    });
  });

  describe(nameProblem.name, () => {
    it.each(['nav-good', 'Façade 3', 'ΟΔΟΣ', '障害物センサー', 'rover 🚀', 'a'])(
      'should accept %p',
      (name) => {
        expect(nameProblem(name)).toBeUndefined();
      },
    );

    it.each<[string, string, RegExp]>([
      ['a lone high surrogate', 'lone\ud800x', /unpaired surrogate \(found U\+D800 at index 4\)/],
      ['a lone low surrogate', '\udc00x', /unpaired surrogate \(found U\+DC00 at index 0\)/],
      ['a NUL', 'a\u0000b', /control characters .*U\+0000 at index 1/],
      ['a tab', 'a\tb', /control characters .*U\+0009/],
      ['a line feed', 'nav\n', /control characters or line breaks .*U\+000A at index 3/],
      ['DEL', 'a\u007f', /control .*U\+007F/],
      ['a C1 control', 'a\u0085', /control .*U\+0085/],
      ['a line separator', 'a\u2028b', /line breaks .*U\+2028/],
      ['a zero-width space', 'nav\u200b', /zero-width .*U\+200B at index 3/],
      ['a zero-width joiner', 'a\u200db', /invisible .*U\+200D/],
      ['a right-to-left mark', 'a\u200f', /invisible .*U\+200F/],
      ['a right-to-left override', '\u202egnp.exe', /bidirectional .*U\+202E at index 0/],
      ['a first-strong isolate', 'a\u2068b', /invisible .*U\+2068/],
      ['a word joiner', 'a\u2060b', /invisible .*U\+2060/],
      ['a byte-order mark', '\ufeffnav', /invisible .*U\+FEFF at index 0/],
      ['a soft hyphen', 'na\u00adv', /invisible .*U\+00AD/],
      ['a tag character', 'a\u{e0041}', /invisible .*U\+E0041/],
      ['the replacement character', 'lone\ufffdx', /U\+FFFD, the replacement character/],
    ])('should refuse %s', (_label, name, message) => {
      expect(nameProblem(name)).toMatch(message);
    });
  });

  describe(loneSurrogateProblem.name, () => {
    it('should accept a surrogate pair and any other character, controls included', () => {
      expect(loneSurrogateProblem('line one\nline two 🚀\u200b')).toBeUndefined();
    });

    it('should refuse an unpaired surrogate, naming it', () => {
      expect(loneSurrogateProblem('ok \ud83d')).toMatch(/U\+D83D at index 3/);
    });
  });

  describe(caselessKey.name, () => {
    it.each<[string, string]>([
      ['NAV-GOOD', 'nav-good'],
      ['nav-good ', 'nav-good'],
      ['cafe\u0301', 'caf\u00e9'],
      ['CAF\u00c9', 'caf\u00e9'],
      ['STRASSE', 'straße'],
      ['ΟΔΟΣ', 'οδοσ'],
    ])('should give %p the key of %p', (a, b) => {
      expect(caselessKey(a)).toBe(caselessKey(b));
    });

    it.each<[string, string]>([
      ['nav-good', 'nav-goods'],
      ['nav good', 'nav  good'],
      ['nav-1', 'nav-l'],
    ])('should keep %p and %p apart', (a, b) => {
      expect(caselessKey(a)).not.toBe(caselessKey(b));
    });

    it('should be lower-case NFC', () => {
      expect(caselessKey('Nav-Good')).toBe('nav-good');
      expect(caselessKey('CAFE\u0301')).toBe('caf\u00e9');
    });
  });
});
