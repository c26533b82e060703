// Node module hooks for running a README block written outside the workspace: a bare
// import from a file under `scratch` is resolved as if made from each workspace package
// directory in `anchors`, in order (see workspace.ts). Registered by register-workspace.mjs.
let scratch = '';
let anchors = [];

export function initialize(data) {
  scratch = data.scratch;
  anchors = data.anchors;
}

export async function resolve(specifier, context, nextResolve) {
  const bare = !/^(\.|\/|[a-z]+:)/i.test(specifier);
  if (!bare || !context.parentURL?.startsWith(scratch)) return nextResolve(specifier, context);
  for (const anchor of anchors) {
    try {
      return await nextResolve(specifier, { ...context, parentURL: anchor });
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  return nextResolve(specifier, context);
}
