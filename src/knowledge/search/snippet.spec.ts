import { MATCH_END, MATCH_START, snippetHtml } from './snippet';

const marked = (word: string) => `${MATCH_START}${word}${MATCH_END}`;

describe(snippetHtml.name, () => {
  it('should escape markup and turn only the engine markers into <mark>', () => {
    expect(snippetHtml(`<b onclick="x">${marked('hot')}</b> & 'so'`)).toBe(
      '&lt;b onclick=&quot;x&quot;&gt;<mark>hot</mark>&lt;/b&gt; &amp; &#39;so&#39;',
    );
  });

  it('should flatten Markdown headings, lists, quotes, emphasis and line breaks', () => {
    expect(snippetHtml(`## Wiring\n- **VCC** to \`5V\`\n> keep ${marked('echo')} short`)).toBe(
      'Wiring VCC to 5V keep <mark>echo</mark> short',
    );
  });

  it('should keep underscores and comparison signs that are part of the text', () => {
    expect(snippetHtml('emergency_stop when distance > 0.3 m')).toBe(
      'emergency_stop when distance &gt; 0.3 m',
    );
  });
});
