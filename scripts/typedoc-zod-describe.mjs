// A TypeDoc plugin: documents the properties of zod-inferred types with their schema's text.
//
// Policy, config and wire types are `z.infer<typeof XSchema>`, and their fields are documented
// once, in the schema, with `.describe('…')` — the text that also goes into the JSON Schema
// editors complete from. TypeScript carries `/** … */` comments through `z.infer` but not
// `.describe()` text, so TypeDoc would see those fields as undocumented. For a property without a
// doc comment whose declaration is a zod schema expression, this takes the text of the nearest
// `.describe()` in the expression, or, when it starts from a named schema
// (`BudgetGuardSchema.optional()`), that schema's doc comment or `.describe()` text. Likewise a
// schema constant without a doc comment gets its own `.describe()` text, and a type alias without
// one (`type Rule = z.infer<typeof RuleSchema>`) gets the doc comment of the schema it infers from.
import { Comment, Converter, ReflectionKind } from 'typedoc';
import ts from 'typescript';

/** The `.describe('…')` text in a call chain, or the named schema it starts from. */
function describedBy(expression, checker, seen, followNames = true) {
  let node = expression;
  while (node) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const [first] = node.arguments;
      if (node.expression.name.text === 'describe' && first && ts.isStringLiteralLike(first))
        return first.text;
      node = node.expression.expression;
    } else if (ts.isCallExpression(node)) {
      node = node.expression;
    } else if (ts.isPropertyAccessExpression(node) || ts.isParenthesizedExpression(node)) {
      node = node.expression;
    } else if (ts.isIdentifier(node) && followNames) {
      return namedSchemaText(node, checker, seen);
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The doc comment of the schema constant an identifier names, else its `.describe()` text. */
function namedSchemaText(identifier, checker, seen) {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || seen.has(declaration)) return undefined;
  seen.add(declaration);
  const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (docs) return docs;
  return declaration.initializer ? describedBy(declaration.initializer, checker, seen) : undefined;
}

/** The first `typeof X` in a type (`z.infer<typeof XSchema>`, `z.input<z.ZodObject<typeof Shape>>`). */
function typeQueryIn(node) {
  if (ts.isTypeQueryNode(node)) return node;
  return ts.forEachChild(node, typeQueryIn);
}

/** Documentation for a declaration TypeScript gave no doc comment, from the schema it comes from. */
function schemaText(declaration, checker) {
  const seen = new Set();
  if (ts.isPropertyAssignment(declaration)) return describedBy(declaration.initializer, checker, seen);
  // A schema built from another (`BaseSchema.extend(…)`) is not that schema: only its own text.
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    return describedBy(declaration.initializer, checker, seen, false);
  }
  if (ts.isTypeAliasDeclaration(declaration)) {
    const query = typeQueryIn(declaration.type);
    if (query && ts.isIdentifier(query.exprName)) return namedSchemaText(query.exprName, checker, seen);
  }
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.comment) return;
    if (!reflection.kindOf(ReflectionKind.Property | ReflectionKind.TypeAlias | ReflectionKind.Variable))
      return;
    const symbol = context.getSymbolFromReflection(reflection);
    for (const declaration of symbol?.declarations ?? []) {
      const text = schemaText(declaration, context.checker);
      if (text) {
        reflection.comment = new Comment([{ kind: 'text', text }]);
        return;
      }
    }
  });
}
