// Generates the response schemas of the OpenAPI document from the code: for every controller
// method with an HTTP decorator, the TypeScript type it returns (Promise<T> unwrapped) becomes a
// JSON Schema (OpenAPI 3.1), with the named types it uses (the shared/ DTOs) as components.
//
//   node scripts/openapi-schemas.mjs          writes backend/src/openapi/responses.generated.json
//   node scripts/openapi-schemas.mjs --check  fails when that file is not what the code gives
//
// The types are read with the TypeScript compiler (no hand-written schema to drift from the code);
// `npm run lint` runs the check, and the API suite validates every 2xx body against the result.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'backend/src/openapi/responses.generated.json');
const HTTP_DECORATORS = new Map([
  ['Get', 'get'],
  ['Post', 'post'],
  ['Put', 'put'],
  ['Patch', 'patch'],
  ['Delete', 'delete'],
  ['Sse', 'get'],
]);

function program() {
  const configPath = path.join(root, 'backend/tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
  return ts.createProgram(parsed.fileNames, parsed.options);
}

function decoratorsOf(node) {
  return ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
}

function decoratorName(decorator) {
  const expression = decorator.expression;
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression))
    return expression.expression.text;
  return null;
}

function decoratorArgument(decorator) {
  const expression = decorator.expression;
  return ts.isCallExpression(expression) ? expression.arguments[0] : undefined;
}

class SchemaWriter {
  constructor(checker) {
    this.checker = checker;
    /** name -> schema (null while being written, so recursion refers instead of looping). */
    this.components = new Map();
  }

  /** The name a type is known by when it is a declared interface, enum-like alias or class. */
  nameOf(type) {
    const alias = type.aliasSymbol;
    if (alias && !type.aliasTypeArguments?.length) return alias.getName();
    const symbol = type.getSymbol();
    if (!symbol) return null;
    const declaration = symbol.declarations?.[0];
    if (!declaration) return null;
    if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
      if (type.typeArguments?.length || this.checker.getTypeArguments?.(type)?.length) return null;
      const file = declaration.getSourceFile().fileName;
      if (file.includes('/node_modules/')) return null;
      return symbol.getName();
    }
    return null;
  }

  /** A type from a library (FHIR R4 resources): an object, checked by that library's own validator. */
  external(type) {
    const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    const file = declaration?.getSourceFile().fileName ?? '';
    if (!file.includes('/node_modules/') || file.includes('/node_modules/typescript/')) return null;
    return `${this.checker.typeToString(type)} (${file.split('/node_modules/')[1].split('/').slice(0, 2).join('/')})`;
  }

  ref(name, type, build) {
    if (!this.components.has(name)) {
      this.components.set(name, null);
      this.components.set(name, build(type));
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  schema(type, where) {
    const checker = this.checker;
    if (where.split('.').length > 12)
      throw new Error(`${where}: too deep (a recursive unnamed type?)`);
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', const: type.value };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', const: type.value };
    if (flags & ts.TypeFlags.BooleanLiteral)
      return { type: 'boolean', const: type.intrinsicName === 'true' };
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.Union) return this.union(type, where);
    // An intersection is one object with the properties of every part (allOf of closed objects
    // would refuse each part's properties in the others).
    if (flags & ts.TypeFlags.Intersection) {
      const library = type.types.map((part) => this.external(part)).find(Boolean);
      return library ? { type: 'object', description: library } : this.object(type, where);
    }
    if (checker.isArrayType(type) || checker.isTupleType?.(type)) {
      const [element] = checker.getTypeArguments(type);
      return { type: 'array', items: element ? this.schema(element, `${where}[]`) : {} };
    }
    if (this.external(type)) return { type: 'object', description: this.external(type) };

    const name = this.nameOf(type);
    if (name) return this.ref(name, type, (t) => this.object(t, `${name}`));
    if (type.aliasSymbol && (flags & ts.TypeFlags.Union) === 0 && !type.aliasTypeArguments?.length)
      return this.object(type, where);
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (flags & ts.TypeFlags.Object) return this.object(type, where);
    throw new Error(`${where}: no JSON Schema for the type ${checker.typeToString(type)}`);
  }

  union(type, where) {
    const parts = type.types.filter((part) => !(part.flags & ts.TypeFlags.Undefined));
    const literals = parts.filter((part) => part.flags & ts.TypeFlags.StringLiteral);
    const nullable = parts.some((part) => part.flags & ts.TypeFlags.Null);
    const rest = parts.filter(
      (part) => !(part.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.Null)),
    );
    // true | false is how the compiler spells boolean.
    const booleans = rest.filter((part) => part.flags & ts.TypeFlags.BooleanLiteral);
    const others = rest.filter((part) => !(part.flags & ts.TypeFlags.BooleanLiteral));
    const options = [];
    const named = type.aliasSymbol && !type.aliasTypeArguments?.length && !nullable;
    if (literals.length > 0) {
      const values = literals.map((part) => part.value).sort();
      options.push({ type: 'string', enum: values });
    }
    if (booleans.length === 2) options.push({ type: 'boolean' });
    else options.push(...booleans.map((part) => this.schema(part, where)));
    options.push(...others.map((part) => this.schema(part, where)));
    if (nullable) options.push({ type: 'null' });
    const schema = options.length === 1 ? options[0] : { anyOf: options };
    if (named && literals.length === parts.length) {
      // A named set of codes (Role, Drug, ...): one component the DTOs refer to.
      return this.ref(type.aliasSymbol.getName(), type, () => schema);
    }
    return schema;
  }

  object(type, where) {
    const checker = this.checker;
    const properties = {};
    const required = [];
    for (const property of checker.getPropertiesOfType(type)) {
      // Properties of mapped types (Record<Code, T>) have no declaration of their own.
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration
        ? checker.getTypeOfSymbolAtLocation(property, declaration)
        : checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const name = property.getName();
      properties[name] = this.schema(propertyType, `${where}.${name}`);
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(name);
    }
    const schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required.sort();
    const index = checker.getIndexInfosOfType(type)[0];
    schema.additionalProperties = index ? this.schema(index.type, `${where}[key]`) : false;
    return schema;
  }
}

/** What a handler's 2xx response carries: a JSON schema, no body (204), or a non-JSON type. */
function responseOf(writer, checker, method, where) {
  const signature = checker.getSignatureFromDeclaration(method);
  let type = checker.getReturnTypeOfSignature(signature);
  while (['Promise', 'Observable'].includes(type.getSymbol()?.getName())) {
    if (type.getSymbol()?.getName() === 'Observable') return { body: 'event-stream' };
    [type] = checker.getTypeArguments(type);
  }
  if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return { body: 'none' };
  const typeName = type.getSymbol()?.getName() ?? type.aliasSymbol?.getName();
  if (typeName === 'StreamableFile') return { body: 'file' };
  if (typeName === 'MessageEvent') return { body: 'event-stream' };
  return { body: 'json', schema: writer.schema(type, where) };
}

function collect() {
  const prog = program();
  const checker = prog.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const operations = {};
  for (const file of prog.getSourceFiles()) {
    if (!file.fileName.endsWith('.controller.ts') || file.fileName.includes('/node_modules/'))
      continue;
    ts.forEachChild(file, (node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      if (!decoratorsOf(node).some((d) => decoratorName(d) === 'Controller')) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.name) continue;
        const decorators = decoratorsOf(member);
        const http = decorators.find((d) => HTTP_DECORATORS.has(decoratorName(d)));
        if (!http) continue;
        const id = `${node.name.text}_${member.name.getText(file)}`;
        const codeDecorator = decorators.find((d) => decoratorName(d) === 'HttpCode');
        const codeArgument = codeDecorator && decoratorArgument(codeDecorator);
        const method = HTTP_DECORATORS.get(decoratorName(http));
        const status =
          codeArgument && ts.isNumericLiteral(codeArgument)
            ? Number(codeArgument.text)
            : method === 'post'
              ? 201
              : 200;
        const produces = decorators.find((d) => decoratorName(d) === 'ApiProduces');
        const mediaTypes = produces
          ? produces.expression.arguments.filter(ts.isStringLiteral).map((a) => a.text)
          : [];
        operations[id] = {
          status,
          ...responseOf(writer, checker, member, id),
          ...(mediaTypes.length > 0 ? { mediaTypes } : {}),
        };
      }
    });
  }
  const schemas = Object.fromEntries(
    [...writer.components.entries()].sort(([a], [b]) => a.localeCompare(b)),
  );
  const sortedOperations = Object.fromEntries(
    Object.entries(operations).sort(([a], [b]) => a.localeCompare(b)),
  );
  return `${JSON.stringify({ operations: sortedOperations, schemas }, null, 2)}\n`;
}

const generated = collect();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== generated) {
    console.error(
      `${path.relative(root, OUT)} is not what the controllers' return types give: run \`node scripts/openapi-schemas.mjs\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('OpenAPI response schemas are up to date.');
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, generated);
  console.log(`wrote ${path.relative(root, OUT)}`);
}
