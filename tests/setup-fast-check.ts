import fc from 'fast-check';

// Property tests explore new random cases on every local run. On CI (CI=true) they replay a
// fixed seed, so a red run is a regression, not the luck of the draw; FC_SEED overrides both.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261127' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
