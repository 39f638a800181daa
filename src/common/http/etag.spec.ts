import { AppError } from '../errors/app-error';
import { etagFor, expectedVersionFrom } from './etag';

const ID = '7f1c3a58-2f3e-4b8e-9d7a-0d6f1b2c3d4e';
const OTHER = '0c4f9e2a-5d7b-4c1e-8f3a-6b2d9e0f1a2b';

function preconditionFailure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('precondition_failed');
    expect((error as AppError).status).toBe(412);
    return error as AppError;
  }
  throw new Error('expected a precondition_failed AppError');
}

describe('etag', () => {
  describe(etagFor.name, () => {
    it('should quote "<id>.<version>" as a strong ETag', () => {
      expect(etagFor(ID, 1)).toBe(`"${ID}.1"`);
      expect(etagFor(ID, 42)).toBe(`"${ID}.42"`);
    });
  });

  describe(expectedVersionFrom.name, () => {
    it('should set no precondition without If-Match or with *', () => {
      expect(expectedVersionFrom(undefined, ID)).toBeUndefined();
      expect(expectedVersionFrom('*', ID)).toBeUndefined();
      expect(expectedVersionFrom(' * ', ID)).toBeUndefined();
    });

    it('should read back the version of its own ETag', () => {
      for (const version of [1, 2, 17, 999_999_999]) {
        expect(expectedVersionFrom(etagFor(ID, version), ID)).toBe(version);
      }
    });

    it('should accept a weak tag, surrounding spaces and an upper-case id', () => {
      expect(expectedVersionFrom(`W/"${ID}.3"`, ID)).toBe(3);
      expect(expectedVersionFrom(`  "${ID}.4"  `, ID)).toBe(4);
      expect(expectedVersionFrom(`"${ID.toUpperCase()}.5"`, ID)).toBe(5);
    });

    it('should pick the tag for this record out of a list', () => {
      expect(expectedVersionFrom(`"${OTHER}.9", "${ID}.6"`, ID)).toBe(6);
    });

    it("should refuse another record's tag as a failed precondition", () => {
      preconditionFailure(() => expectedVersionFrom(etagFor(OTHER, 1), ID));
    });

    it.each([
      ['an unquoted tag', `${ID}.1`],
      ['a tag without version', `"${ID}"`],
      ['a negative version', `"${ID}.-1"`],
      ['a fractional version', `"${ID}.1.5"`],
      ['a ten-digit version', `"${ID}.1234567890"`],
      ['an empty header', ''],
      ['garbage', 'not-an-etag'],
    ])('should refuse %s as a failed precondition', (_label, header) => {
      preconditionFailure(() => expectedVersionFrom(header, ID));
    });
  });
});
