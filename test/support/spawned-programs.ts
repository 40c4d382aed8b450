import path from 'node:path';
import ts from 'typescript';

/** One place in the code that starts a program. */
export interface SpawnSite {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** Program names (file names without folders); undefined when the code does not say. */
  readonly programs: readonly string[] | undefined;
}

const CHILD_PROCESS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']);

/**
 * Spawners a file can call: child_process functions (named or through a namespace),
 * the launcher's runCommand (src/db/local-postgres/exec.ts), execa, and `promisify`d copies.
 */
function spawnersOf(source: ts.SourceFile): { names: Set<string>; namespaces: Set<string> } {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const from = statement.moduleSpecifier.text;
      const bindings = statement.importClause?.namedBindings;
      const isChildProcess = from === 'node:child_process' || from === 'child_process';
      if (isChildProcess && statement.importClause?.name) namespaces.add(statement.importClause.name.text);
      if (bindings && ts.isNamespaceImport(bindings) && isChildProcess) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if ((isChildProcess && CHILD_PROCESS.has(imported)) || (from.endsWith('/exec.js') && imported === 'runCommand') || from === 'execa') names.add(element.name.text);
        }
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && init && ts.isCallExpression(init) && init.expression.getText(source) === 'promisify') {
          const wrapped = init.arguments[0];
          if (wrapped && ts.isIdentifier(wrapped) && names.has(wrapped.text)) names.add(declaration.name.text);
        }
      }
    }
  }
  return { names, namespaces };
}

/** The declaration `name` refers to at `from`: a parameter, a for-of variable, or a const in an enclosing block. */
function declarationOf(name: string, from: ts.Node): ts.ParameterDeclaration | ts.VariableDeclaration | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      const parameter = scope.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (parameter) return parameter;
    }
    if ((ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && ts.isVariableDeclarationList(scope.initializer)) {
      const found = scope.initializer.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
      if (found) return found;
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        const found = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** What program an expression names; `indirect` answers for names the file alone does not resolve (parameters), keyed `file:name`. */
function resolve(expression: ts.Expression, file: string, indirect: Readonly<Record<string, readonly string[]>>): readonly string[] | undefined {
  const again = (next: ts.Expression): readonly string[] | undefined => resolve(next, file, indirect);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [path.basename(expression.text)];
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) return again(expression.expression);
  if (ts.isArrayLiteralExpression(expression)) return combine(expression.elements.map(again));
  if (ts.isBinaryExpression(expression)) return combine([again(expression.left), again(expression.right)]);
  if (ts.isConditionalExpression(expression)) return combine([again(expression.whenTrue), again(expression.whenFalse)]);
  if (ts.isPropertyAccessExpression(expression)) {
    const text = expression.getText();
    // The running Node, and a user's override of a default that is resolved beside it.
    if (text === 'process.execPath' || text.startsWith('process.env.')) return [];
    // binaries.initdb, options.binaries.postgres: the property names the program.
    return [expression.name.text];
  }
  if (ts.isCallExpression(expression)) {
    // path.join(binDir, 'pg_basebackup'), sbin('useradd'): the last literal names the program.
    const last = expression.arguments.at(-1);
    return last && ts.isStringLiteral(last) ? [path.basename(last.text)] : undefined;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = declarationOf(expression.text, expression);
    let direct: readonly string[] | undefined;
    if (declaration && ts.isVariableDeclaration(declaration)) {
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop)) direct = again(loop.expression);
      else if (declaration.initializer) direct = again(declaration.initializer);
    }
    return direct ?? indirect[`${file}:${expression.text}`];
  }
  return undefined;
}

function combine(parts: readonly (readonly string[] | undefined)[]): readonly string[] | undefined {
  return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
}

/** Every place in `text` (the file `file`, relative to the repository) that starts a program. */
export function spawnSites(file: string, text: string, indirect: Readonly<Record<string, readonly string[]>> = {}): SpawnSite[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const { names, namespaces } = spawnersOf(source);
  const sites: SpawnSite[] = [];
  const add = (node: ts.Node, programs: readonly string[] | undefined): void => {
    sites.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 120), programs });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isSpawn =
        (ts.isIdentifier(callee) && names.has(callee.text)) ||
        (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text) && CHILD_PROCESS.has(callee.name.text));
      const first = node.arguments[0];
      if (isSpawn && first) add(node, resolve(first, file, indirect));
    }
    // Playwright starts the browser it is given.
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'executablePath') add(node, resolve(node.initializer, file, indirect));
    // A shell asked whether a program is installed: `command -v redis-server`.
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      for (const match of node.text.matchAll(/command -v ([\w.+-]+)/g)) if (match[1]) add(node, [match[1]]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}
