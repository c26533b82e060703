// What the bench measures of this project: by default the packages as built (their dist, what
// users install, as every peer library is measured), or with `bench:source` the TypeScript
// sources, to try a change without a build. Sources run through tsx, whose transform adds work
// to every function made at run time: about 5 µs per uncontended cycle of the core.

/** Whether this process loads `@mutex/*` from its sources (the `@mutex/source` condition). */
export const FROM_SOURCE = import.meta.resolve('@mutex/core').endsWith('.ts');

/** Flags that make a worker process (Node or Bun) load them the same way as this one. */
export const CONDITIONS: readonly string[] = FROM_SOURCE ? ['--conditions=@mutex/source'] : [];
