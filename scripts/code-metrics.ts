/**
 * Two measures of how the code reads, from the TypeScript compiler's own view of `src/` (tests excluded):
 *
 *   node scripts/code-metrics.ts            the ten longest functions, and per part the names its index.ts
 *                                           exports and how many of them no other part imports
 *   node scripts/code-metrics.ts --check    exit 1 when a function over 80 lines has no comment saying why it
 *                                           is one piece, or a part's face exports a name no other part uses
 *
 * A function's length counts its own lines, nested functions included (a route plugin that holds its handlers
 * is as long as it reads). "Why" comments are the JSDoc or line comments right above the function that say
 * "one piece" — the wording the code review asks for.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";

const ROOT = new URL("..", import.meta.url).pathname;
const SRC = join(ROOT, "src");
const LIMIT = 80;
const TEST_FILE = /(\.test\.ts|[/\\](testing|test-support|test-fixtures)\.ts|\.fixture\.ts)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();
const partOf = (file: string) => relative(SRC, file).split(sep)[0] ?? "";
const isTest = (file: string) => TEST_FILE.test(file);

interface FunctionLength {
  where: string;
  name: string;
  lines: number;
  justified: boolean;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? ` ${first.text}` : "";
    return `(${callee}${label} callback)`;
  }
  return "(anonymous)";
}

function saysWhyOnePiece(node: ts.Node, source: ts.SourceFile): boolean {
  // The comment may sit above the function or above the statement that holds it (`export const x = () =>`).
  let holder: ts.Node = node;
  while (holder.parent && !ts.isSourceFile(holder.parent) && !ts.isBlock(holder.parent))
    holder = holder.parent;
  const text = source.getFullText();
  const comments = [
    ...(ts.getLeadingCommentRanges(text, holder.getFullStart()) ?? []),
    ...(ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []),
  ];
  return comments.some((range) => /one piece/i.test(text.slice(range.pos, range.end)));
}

function functionLengths(): FunctionLength[] {
  const found: FunctionLength[] = [];
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(SRC) || isTest(source.fileName)) continue;
    const visit = (node: ts.Node) => {
      if (
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)
      ) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        found.push({
          where: `${relative(ROOT, source.fileName)}:${start + 1}`,
          name: functionName(node),
          lines: end - start + 1,
          justified: saysWhyOnePiece(node, source),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

interface FaceCount {
  part: string;
  exported: number;
  unusedOutside: string[];
}

/** For each part's index.ts: its exported names, and those no file of another part imports. */
function faces(): FaceCount[] {
  const parts = [...new Set(files.map(partOf))].sort();
  const importedFrom = new Map<string, Set<string>>();
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(SRC) || isTest(source.fileName)) continue;
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const target = ts.resolveModuleName(
        specifier.text,
        source.fileName,
        program.getCompilerOptions(),
        ts.sys,
      ).resolvedModule?.resolvedFileName;
      if (!target?.startsWith(SRC) || !target.endsWith(`${sep}index.ts`)) continue;
      const part = partOf(target);
      if (part === partOf(source.fileName) || relative(join(SRC, part), target) !== "index.ts") continue;
      const names = importedFrom.get(part) ?? new Set<string>();
      importedFrom.set(part, names);
      const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
      const bindings = ts.isImportDeclaration(statement) ? clause?.namedBindings : statement.exportClause;
      if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
        for (const element of bindings.elements) names.add((element.propertyName ?? element.name).text);
      } else if (bindings) {
        names.add("*");
      }
    }
  }
  return parts.flatMap((part) => {
    const index = program.getSourceFile(join(SRC, part, "index.ts"));
    const symbol = index && checker.getSymbolAtLocation(index);
    if (!symbol) return [];
    const exported = checker.getExportsOfModule(symbol).map((s) => s.getName());
    const used = importedFrom.get(part) ?? new Set<string>();
    // cli's face is the program's entry (bin/ and main.ts run it); nothing in src/ imports it by design.
    const unusedOutside = part === "cli" || used.has("*") ? [] : exported.filter((name) => !used.has(name));
    return [{ part, exported: exported.length, unusedOutside }];
  });
}

const lengths = functionLengths();
const faceCounts = faces();
const overLimit = lengths.filter((f) => f.lines > LIMIT && !f.justified);
const unused = faceCounts.filter((f) => f.unusedOutside.length > 0);

if (process.argv.includes("--check")) {
  for (const f of overLimit) {
    process.stderr.write(
      `${f.where} ${f.name}: ${f.lines} lines and no comment saying why it is one piece\n`,
    );
  }
  for (const f of unused) {
    process.stderr.write(
      `src/${f.part}/index.ts exports what no other part imports: ${f.unusedOutside.join(", ")}\n`,
    );
  }
  process.exit(overLimit.length + unused.length > 0 ? 1 : 0);
}

process.stdout.write("Ten longest functions (lines, nested functions included):\n");
for (const f of lengths.slice(0, 10)) {
  process.stdout.write(
    `  ${String(f.lines).padStart(4)}  ${f.where}  ${f.name}${f.justified ? "  (says why)" : ""}\n`,
  );
}
process.stdout.write(`Functions over ${LIMIT} lines: ${lengths.filter((f) => f.lines > LIMIT).length}`);
process.stdout.write(
  ` (without a why-comment: ${overLimit.length})\n\nExported names per part (index.ts):\n`,
);
for (const f of faceCounts) {
  process.stdout.write(
    `  ${f.part.padEnd(11)} ${String(f.exported).padStart(4)} exported, ${f.unusedOutside.length} unused outside\n`,
  );
}
