// Builds the Apps Script projects pushed with clasp:
//
//   dist/        the ka-sales script: Code.js + appsscript.json. Pushed to the
//                ka-sales library project (.clasp.json), or to any
//                spreadsheet's bound script to use it directly.
//   dist-shim/   the template's bound script: one-line wrappers forwarding
//                to the library (identifier KaSales), + appsscript.json with
//                the library dependency: the version in .ka-library-version
//                (written by npm run deploy) or KA_LIBRARY_VERSION, else HEAD
//                in development mode (only for the library's editors: testing).
//   dist-addon/  the Editor add-on project (Google Workspace): Code.js and a
//                second file defining KA_ADDON, so the menu goes under
//                Extensions as add-on menus must.
//
// Code.js is esbuild's IIFE of src/gas-custom-functions.ts (global `KaSales`)
// followed by a top-level `function` for each function it and
// src/gas-entry.ts export, with the custom functions' JSDoc copied (so
// `@customfunction` reaches Sheets' autocomplete); the others forward to
// Actions.html (ACTIONS_LOADER).
// Loading it runs no service call: the IIFE only defines functions.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync as writeNow } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export const GLOBAL_NAME = 'KaSales';
// Issues #4 and #11: 150 KB (KiB, as file sizes go: 153,600 bytes). Every custom-function call loads the whole bundle.
// (Issue #8's bindings had pushed it to 161 KB and the limit to 160 KiB; the render-only texts moved out of Code.js
// into RenderTexts.html won the bytes back: see renderTextsPlugin.)
export const MAX_BYTES = 150 * 1024;

/** The project's file (Actions.html) holding every entry point but the custom functions, and the global it defines. */
export const ACTIONS_FILE = 'Actions';
export const ACTIONS_GLOBAL = 'KaActions';

/**
 * In Code.js: the entry points that are not custom functions forward to `kaActions_()`, which evaluates
 * Actions.html's script once per execution (indirect eval: in the global scope, where it defines KaActions) and
 * returns it. So a custom-function call loads only what custom functions need; a menu item, trigger or dialog
 * loads the rest too. (In a library the file read is the library's own, as for RepPages.html.)
 */
const ACTIONS_LOADER = `var KaActions_ = null;
function kaActions_() {
  if (!KaActions_) {
    var html = HtmlService.createHtmlOutputFromFile('${ACTIONS_FILE}').getContent();
    KaActions_ = (0, eval)(html.slice(html.indexOf('>') + 1, html.lastIndexOf('<')) + '\\n;${ACTIONS_GLOBAL}');
  }
  return KaActions_;
}
`;

/** Exported functions of the entry file: name, parameter names, JSDoc. */
export function entryPoints(source, fileName = 'gas-entry.ts') {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const out = [];
  for (const st of sf.statements) {
    if (!ts.isFunctionDeclaration(st) || !st.name) continue;
    if (!st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const params = st.parameters.map((p) => {
      if (!ts.isIdentifier(p.name)) throw new Error(`${st.name.text}: destructured parameters are not supported in entry points`);
      if (p.dotDotDotToken) throw new Error(`${st.name.text}: rest parameters are not supported in entry points`);
      return p.name.text;
    });
    const ranges = ts.getLeadingCommentRanges(source, st.getFullStart()) ?? [];
    const docs = ranges.filter((r) => source.slice(r.pos, r.pos + 3) === '/**').map((r) => source.slice(r.pos, r.end));
    out.push({ name: st.name.text, params, jsdoc: docs.length ? docs[docs.length - 1] : '' });
  }
  return out;
}

/**
 * `zod/mini`'s entry re-exports itself as a namespace object (`export { z }`,
 * `export * as core`, `export * as locales`), which keeps esbuild from
 * tree-shaking it: ~320 KB. Resolving `zod/mini` to its schema, check and
 * parse modules directly lets esbuild keep only what the domain uses (~35 KB).
 */
function zodMiniDirect(root) {
  const require = createRequire(join(root, 'package.json'));
  const mini = join(dirname(require.resolve('zod/package.json')), 'v4', 'mini');
  return {
    name: 'zod-mini-direct',
    setup(b) {
      b.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: 'zod/mini', namespace: 'zod-mini-direct' }));
      b.onLoad({ filter: /.*/, namespace: 'zod-mini-direct' }, () => ({
        contents: ['schemas.js', 'checks.js', 'parse.js'].map((f) => `export * from ${JSON.stringify(join(mini, f))};`).join('\n'),
        loader: 'js',
        resolveDir: mini,
      }));
      // `import { util } from "../core/index.js"` makes esbuild build util's whole namespace object (~9 KB, most of
      // it unused); importing the module as a namespace lets it keep only the functions the schemas call.
      b.onLoad({ filter: /zod[\\/]v4[\\/]mini[\\/]schemas\.js$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replace(
          'import { util } from "../core/index.js";',
          'import * as util from "../core/util.js";',
        ),
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
      // Error-message locales and JSON Schema export: never used by the domain (it writes its own messages).
      b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export {};', loader: 'js' }));
      b.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]to-json-schema\.js$/ }, () => ({
        contents:
          'const no = () => { throw new Error("toJSONSchema is not in the Apps Script bundle"); };\nexport class JSONSchemaGenerator { constructor() { no(); } }\nexport const toJSONSchema = no;',
        loader: 'js',
      }));
    },
  };
}

/** The exports of a TypeScript module, evaluated in this process (bundled alone; it must need no service). */
async function moduleExports(file) {
  const r = await build({ entryPoints: [file], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'warning' });
  const m = { exports: {} };
  new Function('module', 'exports', r.outputFiles[0].text)(m, m.exports);
  return m.exports;
}

/**
 * Render-only texts out of Code.js (src/sheets/render-texts.ts says why and how): each module of
 * RENDER_TEXT_MODULES is loaded here and bundled as the same exports with each text concerned (a Localized
 * {zh, en}: of every export, of the exports named, or under the properties named `.key`) replaced by `T(n)`, which
 * makes the two tokens of texts n (zh) and n + 1 (en); the texts, in token order, are `texts` (written to
 * RENDER_TEXTS_FILE.html). Structure (keys, arrays, codes) and every other value stay in Code.js as they are.
 */
async function renderTextsPlugin(root) {
  const rt = await moduleExports(join(root, 'src/sheets/render-texts.ts'));
  const texts = [];
  const pairs = new Map();
  const pair = (v) => {
    const k = JSON.stringify([v.zh, v.en]);
    if (!pairs.has(k)) pairs.set(k, texts.push(v.zh, v.en) - 2);
    return pairs.get(k);
  };
  const isLocalized = (v) => v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).sort().join() === 'en,zh';
  /** JavaScript for a value, its texts (where `moves`) as T(n). */
  const source = (v, moves, key = '') => {
    if (isLocalized(v) && moves(key)) return `/* @__PURE__ */ T(${pair(v)})`;
    if (Array.isArray(v)) return `[${v.map((x) => source(x, moves, key)).join(',')}]`;
    if (v && typeof v === 'object')
      return `{${Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}:${source(x, moves, k)}`)
        .join(',')}}`;
    return JSON.stringify(v);
  };
  const T = `const T = (n) => ({ zh: ${JSON.stringify(rt.TOKEN_OPEN)} + n.toString(36) + ${JSON.stringify(rt.TOKEN_CLOSE)}, en: ${JSON.stringify(rt.TOKEN_OPEN)} + (n + 1).toString(36) + ${JSON.stringify(rt.TOKEN_CLOSE)} });`;
  const stubs = new Map();
  for (const [rel, which] of Object.entries(rt.RENDER_TEXT_MODULES)) {
    const file = join(root, rel);
    const exp = await moduleExports(file);
    const keys = which === '*' ? [] : which.filter((w) => w.startsWith('.')).map((w) => w.slice(1));
    const lines = Object.entries(exp).map(([name, v]) => {
      const whole = which === '*' || which.includes(name);
      return `export const ${name} = ${source(v, (key) => whole || keys.includes(key))};`;
    });
    stubs.set(file, [T, ...lines].join('\n'));
  }
  return {
    texts,
    file: rt.RENDER_TEXTS_FILE,
    plugin: {
      name: 'render-texts',
      setup(b) {
        b.onLoad({ filter: /sheets-templates[\\/].*\.ts$/ }, (args) =>
          stubs.has(args.path) ? { contents: stubs.get(args.path), loader: 'js' } : undefined,
        );
      },
    },
  };
}

/** A top-level forward; JSDoc only where Sheets reads it (custom functions: autocomplete), as every byte loads with every call. */
function stub(e, target) {
  const args = e.params.join(', ');
  const doc = e.jsdoc.includes('@customfunction') ? `${e.jsdoc}\n` : '';
  return `${doc}function ${e.name}(${args}) {\n  return ${target}.${e.name}(${args});\n}\n`;
}

/** Writes a file whole or not at all (tests in parallel processes read dist/ while another builds it). */
function writeFileSync(file, text) {
  writeNow(`${file}.tmp${process.pid}`, text);
  renameSync(`${file}.tmp${process.pid}`, file);
}

function clasp(root, file) {
  const p = join(root, file);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : {};
}

/**
 * dist/RepPages.html: the decision-chain sidebar and the visit-brief dialog.
 * Its script (src/sheets/rep-pages-client.ts, with the domain's renderers)
 * runs in the user's browser, so it is not part of Code.js — which every
 * custom-function call loads — and not counted in its budget. The server
 * puts the page's data in place of the slot.
 */
async function repPagesHtml(root) {
  const result = await build({
    entryPoints: [join(root, 'src/sheets/rep-pages-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  // The script is inline: no "</script" may end it early.
  const js = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><base target="_top"></head><body><div id="ka-page"></div>\n<script>var KA_PAGE=/*KA_PAGE*/null;</script>\n<script>${js}</script>\n</body></html>\n`;
}

export async function buildGas(root) {
  const entryFile = join(root, 'src/gas-entry.ts');
  const customFile = join(root, 'src/gas-custom-functions.ts');
  // The custom functions have their own entry: Code.js bundles it alone, so the menus' modules (and their top-level
  // code, which esbuild keeps even when nothing of them is used: the import schema, the roll-up's tables) stay out.
  const custom = entryPoints(readFileSync(customFile, 'utf8'), 'gas-custom-functions.ts');
  const others = entryPoints(readFileSync(entryFile, 'utf8'));
  for (const e of custom)
    if (!e.jsdoc.includes('@customfunction')) throw new Error(`${e.name}: src/gas-custom-functions.ts exports custom functions only`);
  for (const e of others)
    if (e.jsdoc.includes('@customfunction')) throw new Error(`${e.name}: custom functions belong in src/gas-custom-functions.ts`);
  const entries = [...custom, ...others];
  const renderTexts = await renderTextsPlugin(root);
  const options = {
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Apps Script's V8 runtime: ES2020 syntax (optional chaining, ??) runs as is.
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    write: false,
    logLevel: 'warning',
    plugins: [zodMiniDirect(root), renderTexts.plugin],
    metafile: true,
  };
  // Code.js holds the custom functions (every call of one loads the whole file); everything else — menus, triggers,
  // dialogs — is in Actions.html, evaluated on first use (see ACTIONS_LOADER).
  const result = await build({ ...options, entryPoints: [customFile], globalName: GLOBAL_NAME });
  const actions = await build({ ...options, entryPoints: [entryFile], globalName: ACTIONS_GLOBAL });
  if (process.env.KA_GAS_META) {
    // KA_GAS_META=1 npm run build: the biggest inputs of Code.js.
    const ins = Object.values(result.metafile.outputs)[0].inputs;
    for (const [k, v] of Object.entries(ins)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 30))
      console.log(v.bytesInOutput, k);
  }
  const iife = result.outputFiles[0].text;
  // The script is inline in an HTML file: no "</script" may end it early.
  const actionsHtml = `<script>${actions.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script>\n`;
  const manifest = JSON.parse(readFileSync(join(root, 'appsscript.json'), 'utf8'));

  const header = `// ka-sales for Google Sheets. Built by scripts/build-gas.mjs from src/gas-custom-functions.ts and src/gas-entry.ts — do not edit.\n`;
  const target = (e) => (custom.includes(e) ? GLOBAL_NAME : 'kaActions_()');
  const code = `${header}${iife}\n${ACTIONS_LOADER}\n// ---- entry points: top-level functions Apps Script can call\n\n${entries.map((e) => stub(e, target(e))).join('\n')}`;
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'Code.js'), code);
  writeFileSync(join(dist, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // The template's bound script: wrappers that forward to the library, pinned to a numbered version once there is one.
  const libraryId = process.env.KA_LIBRARY_SCRIPT_ID || clasp(root, '.clasp.json').scriptId || 'PUT-THE-LIBRARY-SCRIPT-ID-HERE';
  const versionFile = join(root, '.ka-library-version');
  const version = process.env.KA_LIBRARY_VERSION || (existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : '');
  const library = version
    ? { userSymbol: GLOBAL_NAME, libraryId, version }
    : { userSymbol: GLOBAL_NAME, libraryId, version: '0', developmentMode: true };
  const shimManifest = { ...manifest, dependencies: { ...(manifest.dependencies ?? {}), libraries: [library] } };
  const shim = join(root, 'dist-shim');
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    join(shim, 'Code.js'),
    `// ka-sales template script: forwards every entry point to the ka-sales library (${GLOBAL_NAME}, HEAD).\n` +
      `// Built by scripts/build-gas.mjs — do not edit.\n\n${entries.map((e) => stub(e, GLOBAL_NAME)).join('\n')}`,
  );
  writeFileSync(join(shim, 'appsscript.json'), `${JSON.stringify(shimManifest, null, 2)}\n`);

  // The rep's pages (a file of the project, drawn in the browser): in the library and in the add-on.
  const repPages = await repPagesHtml(root);
  writeFileSync(join(dist, 'RepPages.html'), repPages);
  writeFileSync(join(dist, `${ACTIONS_FILE}.html`), actionsHtml);
  // The render-only texts Code.js holds as tokens: a JSON array (`<` escaped, so no text reads as markup).
  const textsHtml = `${JSON.stringify(renderTexts.texts).replace(/</g, '\\u003c')}\n`;
  writeFileSync(join(dist, `${renderTexts.file}.html`), textsHtml);

  // The Editor add-on: the same script, plus the flag its menu reads (every file of a project shares one global scope).
  const addon = join(root, 'dist-addon');
  mkdirSync(addon, { recursive: true });
  writeFileSync(join(addon, 'Code.js'), code);
  writeFileSync(join(addon, 'Addon.js'), '// ka-sales as an Editor add-on: the menu goes under Extensions.\nvar KA_ADDON = true;\n');
  writeFileSync(join(addon, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(addon, 'RepPages.html'), repPages);
  writeFileSync(join(addon, `${ACTIONS_FILE}.html`), actionsHtml);
  writeFileSync(join(addon, `${renderTexts.file}.html`), textsHtml);

  const bytes = Buffer.byteLength(code);
  if (bytes > MAX_BYTES) throw new Error(`dist/Code.js is ${bytes} bytes, over the ${MAX_BYTES}-byte budget`);
  return {
    bytes,
    entries: entries.map((e) => e.name),
    renderTextBytes: Buffer.byteLength(textsHtml),
    actionsBytes: Buffer.byteLength(actionsHtml),
  };
}
