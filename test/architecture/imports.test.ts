import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The import rules of docs/architecture.md ("What may import what"), read from the sources. */
const root = resolve(import.meta.dirname, '../..');

interface Import {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A file's relative imports (static, re-exports and dynamic), each resolved to a repository path. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(root, resolve(root, dirname(file), specifier.replace(/\.js$/, '.ts')));
    if (existsSync(join(root, target))) found.push({ to: target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        !clause?.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0
          ? named.elements.every((element) => element.isTypeOnly)
          : false;
      add(node.moduleSpecifier.text, clause?.isTypeOnly === true || allTypes);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause;
      const allTypes =
        named !== undefined &&
        ts.isNamedExports(named) &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier.text, node.isTypeOnly || allTypes);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = ['src', 'flows', 'scheduler'].flatMap(sourceFiles);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Groups of files that import each other at run time (Tarjan's strongly connected components). */
function runtimeCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const strong = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const { to, typeOnly } of graph.get(file) ?? []) {
      if (typeOnly || !graph.has(to)) continue;
      if (!index.has(to)) {
        strong(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      group.push(member);
    } while (member !== file);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const file of files) if (!index.has(file)) strong(file);
  return cycles;
}

const importers = (from: (file: string) => boolean, to: (target: Import) => boolean) =>
  files.filter(from).flatMap((file) =>
    graph
      .get(file)!
      .filter(to)
      .map((target) => `${file} → ${target.to}`),
  );

describe('import rules (docs/architecture.md)', () => {
  it('has no import cycle outside type-only imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(runtimeCycles()).toEqual([]);
  });

  it('models import no domain module', () => {
    expect(
      importers(
        (f) => f.startsWith('src/db/models/'),
        (t) => !t.to.startsWith('src/db/models/'),
      ),
    ).toEqual([]);
  });

  it('src/retention is pure: its own files, and types of the models', () => {
    expect(
      importers(
        (f) => f.startsWith('src/retention/'),
        (t) => !t.to.startsWith('src/retention/') && !(t.typeOnly && t.to.startsWith('src/db/models/')),
      ),
    ).toEqual([]);
  });

  it('src/ uses flows/ and scheduler/ only through app.ts (and types)', () => {
    expect(
      importers(
        (f) => f.startsWith('src/') && f !== 'src/app.ts',
        (t) => !t.typeOnly && (t.to.startsWith('flows/') || t.to.startsWith('scheduler/')),
      ),
    ).toEqual([]);
  });

  it('Slack handlers get services, not the whole application context', () => {
    expect(
      importers(
        (f) => f.startsWith('src/slack/'),
        (t) => t.to === 'src/context.ts',
      ),
    ).toEqual([]);
  });
});
