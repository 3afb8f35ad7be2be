import { Command, CommanderError } from 'commander';
import { registerBrief } from './commands/brief';
import { registerBuild } from './commands/build';
import { registerDemo } from './commands/demo';
import { registerExport } from './commands/export';
import { registerMap } from './commands/map';
import { registerNew } from './commands/new';
import { registerRollup } from './commands/rollup';
import { registerScore } from './commands/score';
import { registerUpgrade } from './commands/upgrade';
import { registerValidate } from './commands/validate';
import { registerLoader } from './load-account';
import { EXIT, UsageError, errorLine } from './output';
import { commanderError, localizeHelp } from './help-text';
import { currentLocale, localeFromArgv, setLocale } from './messages';
import { loadXlsxAccount } from './xlsx-loader';

/** Each command module adds itself here, under its command's name; keep this file a list. */
const COMMANDS: Record<string, (p: Command) => void> = {
  score: registerScore,
  validate: registerValidate,
  new: registerNew,
  build: registerBuild,
  export: registerExport,
  rollup: registerRollup,
  demo: registerDemo,
  upgrade: registerUpgrade,
  map: registerMap,
  brief: registerBrief,
};

/** score, validate and rollup read .xlsx account workbooks too. */
registerLoader('.xlsx', loadXlsxAccount);

/**
 * The commands to set up: only the one named first when there is one (setting up all ten is a tenth of a short
 * command's start-up); all of them for `--help`, `help` and anything else, so help and suggestions list every one.
 */
function commandsFor(argv: string[]): Array<(p: Command) => void> {
  const named = Object.hasOwn(COMMANDS, argv[0] ?? '') ? COMMANDS[argv[0]] : undefined;
  return named ? [named] : Object.values(COMMANDS);
}

export function buildProgram(argv: string[] = []): Command {
  const program = new Command('ka-sales')
    .description('Key-account sales workbooks: score, validate, build and roll up accounts (.json / .xlsx)')
    .version(process.env.KA_SALES_VERSION ?? '0.1.0')
    .exitOverride()
    // Commander's own error texts are English: main() says them again from the catalogue.
    .configureOutput({ outputError: () => {} });
  for (const register of commandsFor(argv)) register(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ outputError: () => {} });
  localizeHelp(program, currentLocale());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  setLocale(localeFromArgv(argv));
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      if (e.exitCode === 0) return EXIT.ok;
      const mine = commanderError(e.code, e.message);
      if (mine) process.stderr.write(`${errorLine(undefined, mine)}\n`);
      return EXIT.unusable;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`${errorLine(undefined, e)}\n`);
      return EXIT.unusable;
    }
    process.stderr.write(`${errorLine(undefined, e)}\n`);
    return EXIT.unusable;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
