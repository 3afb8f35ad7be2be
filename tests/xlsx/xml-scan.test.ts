/**
 * The scan of small XML parts (src/xlsx/xml-scan.ts), the reader's fast path
 * for relationships, the workbook part, styles and shared strings: when it
 * takes a part it gives exactly the XML parser's events (names without their
 * prefix, attributes decoded, every text run including white space), and it
 * never takes a part the parser refuses. Proven on every XML part of an
 * account workbook and of a summary (all taken), and on random documents
 * mixing what writers write with what they seldom write and with malformed
 * XML.
 */
import fc from 'fast-check';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { generateAccount } from '../../src/domain/sample-accounts';
import { renderRollupXlsx } from '../../src/xlsx/render-rollup';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { scanXml } from '../../src/xlsx/xml-scan';
import { localName } from '../../src/xlsx/xml-parts';
import { unzipParts } from '../support/zip-edit';

type Event = [string, string, Record<string, string>?];

function recorder(): { events: Event[]; open(n: string, a: Record<string, string>): void; close(n: string): void; text(t: string): void } {
  const events: Event[] = [];
  return {
    events,
    open: (n, a) => events.push(['open', n, { ...a }]),
    close: (n) => events.push(['close', n]),
    text: (t) => events.push(['text', t]),
  };
}

/** The parser's events, or 'refused'. */
function parsed(xml: string): Event[] | 'refused' {
  const r = recorder();
  const p = new SaxesParser({ xmlns: false });
  let refused = false;
  p.on('error', () => {
    refused = true;
  });
  p.on('opentag', (t: SaxesTagPlain) => r.open(localName(t.name), t.attributes));
  p.on('closetag', (t: SaxesTagPlain) => r.close(localName(t.name)));
  p.on('text', r.text);
  p.on('cdata', r.text);
  p.write(xml);
  p.close();
  return refused ? 'refused' : r.events;
}

function scanned(xml: string): Event[] | undefined {
  const r = recorder();
  return scanXml(xml, r) ? r.events : undefined;
}

test("every XML part of an account workbook and of a summary is taken, with the parser's events", async () => {
  const account = await accountWorkbookBuffer(generateAccount(11, '2026-11-01'));
  const summary = await renderRollupXlsx([], [], { locale: 'zh', refreshedAt: '2026-11-01 09:00', asOf: '2026-11-01' });
  let count = 0;
  for (const bytes of [account, summary]) {
    for (const [name, data] of await unzipParts(bytes)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const xml = data.toString('utf8');
      expect([name, scanned(xml)]).toEqual([name, parsed(xml)]);
      count++;
    }
  }
  expect(count).toBeGreaterThan(30);
});

const name = fc.constantFrom('a', 'si', 't', 'x:c', 'definedName', 'r', 'xml:space', '_n.1-b');
const plainText = fc.constantFrom('', 'text', ' 两个 字 ', '\n  ', 'a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;', 'x > y', '😀', '\t');
const oddText = fc.constantFrom(
  'a &#65; b',
  '&#x10000;',
  'cr\r\nlf',
  '<!-- comment -->',
  '<![CDATA[ <raw> ]]>',
  '<?pi data?>',
  'a & b',
  '&bogus;',
  ']]>',
  '\u0001',
  '</nope>',
  '<a',
);
const value = fc.constantFrom('v', '', 'a &amp; b', "it's", '两', 'a > b', 'tab\there', 'new\nline', '&#65;', 'a < b', 'a & b', '"');

const attrs = fc
  .array(fc.tuple(name, value, fc.constantFrom('"', "'"), fc.constantFrom(' ', '  ', '\n', '')), { maxLength: 3 })
  .map((as) =>
    as.map(([n, v, q, sp]) => `${sp || ' '}${n}=${q}${q === '"' ? v.replace(/"/g, '&quot;') : v.replace(/'/g, '&apos;')}${q}`).join(''),
  );

/** Elements (nested up to three deep) whose text is drawn from `texts`. */
function elementOf(texts: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<string> {
  const empty = fc.tuple(name, attrs).map(([n, a]) => `<${n}${a}/>`);
  if (depth >= 3) return empty;
  const kid = fc.oneof(texts, elementOf(texts, depth + 1));
  const full = fc
    .tuple(name, attrs, fc.array(kid, { maxLength: 4 }), fc.constantFrom('', ' '))
    .map(([n, a, kids, sp]) => `<${n}${a}>${kids.join('')}</${n}${sp}>`);
  return fc.oneof(empty, full);
}

const documents = (odd: boolean) =>
  fc
    .tuple(
      fc.constantFrom(
        '',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        '<?xml version="1.0"?>',
        '<?xml version="1.1"?>',
        ' ',
      ),
      elementOf(odd ? fc.oneof({ weight: 3, arbitrary: plainText }, { weight: 1, arbitrary: oddText }) : plainText),
      odd ? fc.array(fc.tuple(fc.nat(), oddText), { maxLength: 2 }) : fc.constant([] as Array<[number, string]>),
      fc.constantFrom('', '\n', ' x', '<b/>'),
    )
    .map(([decl, root, inserts, after]) => {
      let body = root;
      for (const [at, t] of inserts) {
        const i = body.length ? at % body.length : 0;
        body = body.slice(0, i) + t + body.slice(i);
      }
      return `${decl}${body}${odd ? after : ''}`;
    });

test("random documents as writers write them: the scan gives the parser's events", () => {
  let taken = 0;
  fc.assert(
    fc.property(documents(false), (xml) => {
      const s = scanned(xml);
      if (s) taken++;
      if (s) expect(s).toEqual(parsed(xml));
    }),
    { numRuns: 400 },
  );
  // Most of them are taken (not all: the values include what the scan leaves to the parser).
  expect(taken).toBeGreaterThan(100);
});

test('with odd and malformed pieces among them: taken with the same events, or left to the parser; never taking what it refuses', () => {
  fc.assert(
    fc.property(documents(true), (xml) => {
      const s = scanned(xml);
      const p = parsed(xml);
      if (s) expect(s).toEqual(p);
      if (p === 'refused') expect(s).toBeUndefined();
    }),
    { numRuns: 500 },
  );
});

test('odd text inside elements (references, CR LF, comments, CDATA, instructions): taken with the same events, or left to the parser', () => {
  const odd = fc.oneof(plainText, oddText);
  fc.assert(
    fc.property(fc.tuple(elementOf(odd), fc.array(odd, { minLength: 1, maxLength: 3 })), ([inner, texts]) => {
      const xml = `<root>${texts.join('')}${inner}${texts.join('')}</root>`;
      const s = scanned(xml);
      const p = parsed(xml);
      if (s) expect(s).toEqual(p);
      if (p === 'refused') expect(s).toBeUndefined();
    }),
    { numRuns: 300 },
  );
});

test.each([
  ['two roots', '<a/><b/>'],
  ['text outside the root', '<a/>x'],
  ['an unclosed tag', '<a><b></a>'],
  ['a mismatched end tag', '<a></b>'],
  ['an attribute twice', '<a x="1" x="2"/>'],
  ['attributes without space between', '<a x="1"y="2"/>'],
  ['a bare ampersand', '<a>&</a>'],
  ['a control character', '<a>\u0001</a>'],
  ['nothing', ''],
  ['a no-break space outside the root', '\u00a0<a/>'],
  ['a declaration after white space', ' <?xml version="1.0"?><a/>'],
])('%s is refused by the parser and not taken by the scan', (_what, xml) => {
  expect(parsed(xml)).toBe('refused');
  expect(scanned(xml)).toBeUndefined();
});
