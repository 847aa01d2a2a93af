import ts from 'typescript';

/**
 * A type to print, exported by the file `from`: the type alias `name`, or the output type of the
 * zod schema `schema`; printed as `as` (defaults to `name`).
 */
export type TypeRequest = { from: string; as?: string } & (
  { name: string; schema?: undefined } | { schema: string; as: string; name?: undefined }
);

const identifier = /^[A-Za-z_$][\w$]*$/;

const isNullish = (t: ts.Type) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (!text) return '';
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return lines.length === 1 ? `/** ${lines[0]} */\n` : `/**\n${lines.map((l) => ` * ${l}\n`).join('')} */\n`;
}

/**
 * Prints the resolved structure of exported type aliases (zod's `z.infer` included) as plain
 * TypeScript with no import, keeping the doc comments of their properties. A nested type that is
 * itself one of the requests prints as its name, so the output reads like hand-written types.
 * One program serves every call (building it is most of the cost).
 */
export function typePrinter(files: string[], compilerOptions: ts.CompilerOptions) {
  const program = ts.createProgram(files, { ...compilerOptions, noEmit: true });
  const checker = program.getTypeChecker();
  return (requests: TypeRequest[]): string => printWith(program, checker, requests);
}

function printWith(program: ts.Program, checker: ts.TypeChecker, requests: TypeRequest[]): string {
  // zod 4 keeps a schema's parsed type at `schema._zod.output`.
  const schemaOutput = (symbol: ts.Symbol): ts.Type => {
    const internals = checker.getTypeOfSymbol(symbol).getProperty('_zod');
    const output = internals && checker.getTypeOfSymbol(internals).getProperty('output');
    if (!output) throw new Error(`${symbol.name} is not a zod schema`);
    return checker.getTypeOfSymbol(output);
  };
  const named = new Map<ts.Type, string>();
  const roots: { as: string; type: ts.Type; doc: string }[] = [];
  for (const r of requests) {
    const source = program.getSourceFile(r.from);
    if (!source) throw new Error(`${r.from} is not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const exported = r.schema ?? r.name;
    const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === exported);
    if (!symbol) throw new Error(`${r.from} exports no ${exported}`);
    const type = r.schema === undefined ? checker.getDeclaredTypeOfSymbol(symbol) : schemaOutput(symbol);
    const as = r.as ?? exported;
    named.set(type, as);
    roots.push({ as, type, doc: docOf(symbol, checker) });
  }

  // `dropUndefined`: an optional property's `?` already admits undefined (exactOptionalPropertyTypes is off).
  const print = (type: ts.Type, root: boolean, dropUndefined = false): string => {
    const name = named.get(type);
    if (name && !root) return name;
    if (type.isUnion()) {
      // null and undefined last, as people write them.
      const parts = type.types
        .filter((t) => !(dropUndefined && t.flags & ts.TypeFlags.Undefined))
        .sort((a, b) => Number(isNullish(a)) - Number(isNullish(b)))
        .map((t) => print(t, false));
      // TypeScript splits boolean into its two literals.
      const t = parts.indexOf('true');
      const f = parts.indexOf('false');
      if (t >= 0 && f >= 0) parts.splice(Math.min(t, f), 2, 'boolean');
      return parts.join(' | ');
    }
    if (type.isStringLiteral()) return `'${type.value.replace(/'/g, "\\'")}'`;
    if (type.isNumberLiteral()) return String(type.value);
    if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type);
    if (
      type.flags &
      (ts.TypeFlags.String |
        ts.TypeFlags.Number |
        ts.TypeFlags.Boolean |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Unknown |
        ts.TypeFlags.Any)
    ) {
      return checker.typeToString(type);
    }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      const inner = print(element!, false);
      return /[|&]/.test(inner) && !named.has(element!) ? `(${inner})[]` : `${inner}[]`;
    }
    if (type.flags & ts.TypeFlags.Object) {
      const index = checker.getIndexInfosOfType(type);
      const props = checker.getPropertiesOfType(type);
      const lines = props.map((p) => {
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        const propType = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p);
        const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
        const key = identifier.test(p.name) ? p.name : `'${p.name}'`;
        return `${docOf(p, checker)}${key}${optional}: ${print(propType, false, optional === '?')};`;
      });
      for (const i of index) {
        lines.push(`[key: ${checker.typeToString(i.keyType)}]: ${print(i.type, false)};`);
      }
      return `{\n${lines.join('\n')}\n}`;
    }
    throw new Error(`cannot print type ${checker.typeToString(type)}`);
  };

  return roots.map((r) => `${r.doc}export type ${r.as} = ${print(r.type, true)};\n`).join('\n');
}
