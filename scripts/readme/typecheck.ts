// Type-checks README blocks, each as its own module, with the compiler options of
// tsconfig.base.json (strict, noUncheckedIndexedAccess...) against the workspace sources
// (the `@mutex/source` condition) and the real client libraries' types. No build needed.
import { join } from 'node:path';
import ts from 'typescript';
import { anchorDirs, isBare, ROOT } from './workspace.ts';

const BUN_TYPES = join(ROOT, 'packages/bun/test/bun/bun.d.ts');

export interface BlockFile {
  /** Absolute path the block was written to. */
  readonly path: string;
  /** Package directory to resolve its imports from first, if any. */
  readonly packageDir: string | undefined;
  /** The Markdown file and the line of the block's opening fence, for messages. */
  readonly file: string;
  readonly line: number;
}

function baseOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.base.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) {
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  }
  const parsed = ts.convertCompilerOptionsFromJson(
    {
      ...config.config.compilerOptions,
      // What a Node application using these packages would compile with.
      lib: ['ES2022', 'ESNext.Disposable'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
      // Every block is a module of its own, even one without import or export.
      moduleDetection: 'force',
      noEmit: true,
    },
    ROOT,
  );
  if (parsed.errors.length > 0) {
    throw new Error(ts.formatDiagnostics(parsed.errors, formatHost));
  }
  return parsed.options;
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => ROOT,
  getNewLine: () => '\n',
};

/** Type-checks every block in one program; answers the diagnostics of each, formatted. */
export function typecheck(blocks: readonly BlockFile[]): Map<string, string[]> {
  const options = baseOptions();
  const host = ts.createCompilerHost(options, true);
  const byPath = new Map(blocks.map((block) => [block.path, block]));
  const cache = ts.createModuleResolutionCache(ROOT, (name) => name, options);

  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions) =>
    literals.map((literal) => {
      const specifier = literal.text;
      const block = byPath.get(containingFile);
      const resolve = (from: string) =>
        ts.resolveModuleName(specifier, from, compilerOptions, host, cache, redirected);
      if (block === undefined || !isBare(specifier)) return resolve(containingFile);
      // A block's bare import is resolved as if the block sat in a workspace package.
      let first: ts.ResolvedModuleWithFailedLookupLocations | undefined;
      for (const dir of anchorDirs(block.packageDir)) {
        const result = resolve(join(dir, '__readme_block__.ts'));
        first ??= result;
        if (result.resolvedModule) return result;
      }
      return first ?? resolve(containingFile);
    });

  const program = ts.createProgram({
    // Bun's API has no type package in the workspace: the Bun blocks are checked against the
    // declaration the Bun adapter's own tests use.
    rootNames: [...blocks.map((block) => block.path), BUN_TYPES],
    options,
    host,
  });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  const results = new Map<string, string[]>();
  for (const block of blocks) {
    const source = program.getSourceFile(block.path);
    const diagnostics = source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : [];
    const messages = [...global, ...diagnostics].map((diagnostic) => describe(diagnostic, block));
    if (!source) messages.push(`${block.path} was not read`);
    results.set(block.path, messages);
  }
  return results;
}

/** A diagnostic, placed at its line in the Markdown file when it is in the block. */
function describe(diagnostic: ts.Diagnostic, block: BlockFile): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const where =
    diagnostic.file.fileName === block.path
      ? `${block.file}:${block.line + line + 1}:${character + 1}`
      : `${diagnostic.file.fileName.replace(`${ROOT}/`, '')}:${line + 1}:${character + 1}`;
  return `${where} TS${diagnostic.code}: ${message}`;
}
