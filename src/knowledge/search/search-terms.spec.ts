import { fts5Query, MAX_SEARCH_TERMS, searchTerms, withoutQuestionWords } from './search-terms';

describe(searchTerms.name, () => {
  it('should split on white space and drop terms with no letter or digit', () => {
    expect(searchTerms('  ultrasonic   5V * - ( ) " ')).toEqual(['ultrasonic', '5V']);
  });

  it('should keep at most MAX_SEARCH_TERMS terms', () => {
    expect(searchTerms('w '.repeat(100))).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe(fts5Query.name, () => {
  it('should quote every term, doubling quotes inside, so no operator survives', () => {
    expect(fts5Query(['NEAR(a', 'b"c', 'OR', 'x*'], 'all')).toBe('"NEAR(a" "b""c" "OR" "x*"');
  });

  it('should join with OR only when any term may match', () => {
    expect(fts5Query(['l298n', 'hot'], 'any')).toBe('"l298n" OR "hot"');
  });
});

describe(withoutQuestionWords.name, () => {
  it('should leave the subject of a question', () => {
    expect(withoutQuestionWords(searchTerms('Why does my L298N get hot?'))).toEqual([
      'L298N',
      'hot?',
    ]);
  });
});
