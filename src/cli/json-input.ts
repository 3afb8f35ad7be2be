import { printParseErrorCode, visit } from 'jsonc-parser';
import type { Locale } from '../../sheets-templates/types';
import { type Account, SCHEMA_VERSION, UnreadableAccountError, parseAccountJson } from '../domain/account';
import { show } from '../domain/messages';
import { CliError, type CliTextKey, msg } from './messages';

/**
 * Reading an account .json for the command line, without ever quoting the
 * file: bytes that are not UTF-8 are refused (TextDecoder with `fatal`), a
 * syntax error is given as line and column only (the JSON parser's own
 * message quotes the text around the error, which may be personal), and a key
 * that appears twice in one object is reported (the last one is what
 * JSON.parse keeps). All of it is one linear pass over the text.
 */

/** Deeper than any account (five levels) by far; checked before the recursive scanner runs. */
const MAX_DEPTH = 64;

export interface JsonProblem {
  path: string;
  rule: 'duplicate-key';
  message: string;
  line: number;
  column: number;
}

/** Line and column (1-based, in characters of the text) of an offset. */
export function lineColumn(textIn: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = textIn.indexOf('\n'); i !== -1 && i < offset; i = textIn.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The text of UTF-8 bytes (a leading BOM dropped); invalid bytes are an error naming where they are. */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Where: the text up to the first bad byte decodes; the bad byte is the next character.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\ufffd');
    throw new CliError('json.utf8', { file, ...lineColumn(lenient, Math.max(at, 0)) });
  }
}

const WHAT: Record<string, CliTextKey> = {
  ValueExpected: 'json.what.value',
  ColonExpected: 'json.what.colon',
  CommaExpected: 'json.what.comma',
  CloseBraceExpected: 'json.what.comma',
  CloseBracketExpected: 'json.what.comma',
  PropertyNameExpected: 'json.what.key',
  EndOfFileExpected: 'json.what.trailing',
  UnexpectedEndOfString: 'json.what.string',
  InvalidCharacter: 'json.what.string',
  InvalidEscapeCharacter: 'json.what.string',
  InvalidUnicode: 'json.what.string',
  UnexpectedEndOfNumber: 'json.what.number',
};

/** The deepest nesting of brackets, stopping at the first offset deeper than MAX_DEPTH. */
function tooDeepAt(textIn: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < textIn.length; i++) {
    const c = textIn.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * Checks JSON text: throws a CliError naming line and column for a syntax
 * error; returns the duplicate keys as problems (path of the object's key,
 * lines of both).
 */
export function scanJson(file: string, textIn: string): JsonProblem[] {
  const deep = tooDeepAt(textIn);
  if (deep !== -1) throw new CliError('account.tooDeep', { file });
  const objects: Array<Map<string, number>> = [];
  const dups: JsonProblem[] = [];
  let error: { code: string; line: number; column: number } | undefined;
  visit(
    textIn,
    {
      onObjectBegin: () => {
        objects.push(new Map());
      },
      onObjectEnd: () => {
        objects.pop();
      },
      onObjectProperty: (key, _offset, _length, startLine, startCharacter, pathSupplier) => {
        const seen = objects[objects.length - 1];
        const first = seen?.get(key);
        if (seen && first !== undefined) {
          const path = [...pathSupplier(), key].join('.');
          dups.push({
            path,
            rule: 'duplicate-key',
            message: msg('json.duplicateKey', { key: show(path), first: first + 1, line: startLine + 1 }),
            line: startLine + 1,
            column: startCharacter + 1,
          });
        }
        seen?.set(key, startLine);
      },
      onError: (code, _offset, _length, startLine, startCharacter) => {
        error ??= { code: printParseErrorCode(code), line: startLine + 1, column: startCharacter + 1 };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (error) {
    throw new CliError('json.syntax', { file, line: error.line, column: error.column, what: msg(WHAT[error.code] ?? 'json.what.other') });
  }
  return dups;
}

/** The catalogue's message for the domain's "not an account" errors. */
function accountError(file: string, e: UnreadableAccountError): CliError {
  switch (e.reason) {
    case 'not-object':
      return new CliError('account.notObject', { file });
    case 'too-deep':
      return new CliError('account.tooDeep', { file });
    case 'no-version':
      return new CliError('account.noVersion', { file });
    case 'version': {
      const newer = typeof e.value === 'number' && e.value > SCHEMA_VERSION;
      return new CliError(newer ? 'account.newer' : 'account.version', { file, value: show(e.value), supported: SCHEMA_VERSION });
    }
    default:
      return new CliError('account.unreadable', { file, detail: msg('json.what.other') });
  }
}

/** An account .json's bytes read for the CLI: its raw document, account shape and duplicate-key problems. */
export function parseJsonAccount(
  file: string,
  bytes: Uint8Array,
  _locale?: Locale,
): { raw: unknown; account: Account; duplicates: JsonProblem[] } {
  const textIn = decodeUtf8(file, bytes);
  const duplicates = scanJson(file, textIn.replace(/^\uFEFF/, ''));
  try {
    return { ...parseAccountJson(textIn), duplicates };
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw accountError(file, e);
    throw e;
  }
}
