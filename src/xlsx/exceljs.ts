import type ExcelJSModule from 'exceljs';
import type JSZipModule from 'jszip';

let loaded: typeof ExcelJSModule | undefined;

/**
 * ExcelJS, loaded on first use together with our fixes to it
 * (exceljs-text.ts, exceljs-notes.ts, exceljs-zip.ts). Loading it takes about 0.2 s, so
 * commands that never open a workbook (score or validate on JSON) skip it.
 */
export function excel(): typeof ExcelJSModule {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = require('exceljs') as typeof ExcelJSModule;
    require('./exceljs-text');
    require('./exceljs-notes');
    require('./exceljs-zip');
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded;
}

/** JSZip (for parts we write into ExcelJS's output), loaded on first use like ExcelJS: commands that only read never load it. */
export function jszip(): typeof JSZipModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('jszip') as typeof JSZipModule;
}
