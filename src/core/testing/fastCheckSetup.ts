// Vitest setup for every project: property tests explore a fixed sequence of cases, so a run of
// CI is repeatable (FC_SEED=<n> explores another; a failure prints its seed and path to replay).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261202) });
