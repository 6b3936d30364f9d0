// The dependency graph between the folders of the backend and the dashboard, from their imports.
//
//   node scripts/dependency-graph.mjs            fails (exit 1) on a cycle between folders or an
//                                                import a layer rule forbids (run by `npm run lint`)
//   node scripts/dependency-graph.mjs --mermaid  prints the graphs for docs/architecture.md
//   node scripts/dependency-graph.mjs --write-doc  writes them into docs/architecture.md (between
//                                                its dependency-graph markers)
//   node scripts/dependency-graph.mjs --check-doc  fails (exit 1) when that page's graphs are not
//                                                what the code gives
//
// A folder is a unit of backend/src (auth, sessions, ...) or of frontend/src/app (core, ui,
// charts, features/<name>). Every import counts, type-only ones too: a cycle of types is still a
// cycle of knowledge. Imports inside one folder, of packages and of @clinic/shared are not edges.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The graphs and the layer rules each must keep. */
export const GRAPHS = [
  {
    name: 'backend',
    dir: 'backend/src',
    unitOf: (rel) => (rel.includes('/') ? rel.split('/')[0] : null),
    rules: [
      {
        from: ['config', 'common', 'database'],
        mayImport: ['config', 'common', 'database'],
        why: 'config/, common/ and database/ are below every feature and import none',
      },
      {
        from: ['realtime'],
        mayImport: ['config', 'common', 'database'],
        why: 'realtime/ (board events) is below every feature, so that writers publish without importing board/',
      },
      {
        to: ['demo'],
        mayBeImportedBy: [],
        why: 'demo/ (the demo seed) is above every feature: only main.ts, at the root, starts it',
      },
    ],
  },
  {
    name: 'frontend',
    dir: 'frontend/src/app',
    unitOf: (rel) => {
      const parts = rel.split('/');
      if (parts.length === 1) return null; // app.config.ts, app.routes.ts: the composition root
      return parts[0] === 'features' ? `features/${parts[1]}` : parts[0];
    },
    rules: [
      {
        from: ['features/*'],
        mayImport: ['api', 'core', 'ui', 'charts'],
        why: 'features import core/, api/, ui/ and charts/, never each other',
      },
      {
        from: ['api', 'core', 'ui', 'charts'],
        mayImport: ['api', 'core', 'ui', 'charts'],
        why: 'the shared layers import no feature',
      },
    ],
  },
];

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/\.(spec|test)\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Edges between units, each with the file imports that make it (for the error message). */
export function graphOf(spec) {
  const dir = path.join(root, spec.dir);
  const edges = new Map();
  const units = new Set();
  for (const file of sourceFiles(dir)) {
    const from = spec.unitOf(path.relative(dir, file));
    if (from) units.add(from);
    for (const specifier of importsOf(file)) {
      const target = resolve(file, specifier);
      if (!target || !target.startsWith(dir + path.sep)) continue;
      const to = spec.unitOf(path.relative(dir, target));
      if (!from || !to || from === to) continue;
      const key = `${from} -> ${to}`;
      if (!edges.has(key)) edges.set(key, { from, to, via: [] });
      edges.get(key).via.push(`${path.relative(root, file)} imports ${specifier}`);
    }
  }
  return { units: [...units].sort(), edges: [...edges.values()] };
}

/** Strongly connected components of more than one unit (Tarjan): the cycles. */
export function cyclesOf(graph) {
  const next = new Map(graph.units.map((u) => [u, []]));
  for (const edge of graph.edges) next.get(edge.from)?.push(edge.to);
  let index = 0;
  const stack = [];
  const state = new Map();
  const components = [];
  const visit = (unit) => {
    const node = { index, low: index, onStack: true };
    state.set(unit, node);
    index += 1;
    stack.push(unit);
    for (const to of next.get(unit) ?? []) {
      const seen = state.get(to);
      if (!seen) {
        visit(to);
        node.low = Math.min(node.low, state.get(to).low);
      } else if (seen.onStack) node.low = Math.min(node.low, seen.index);
    }
    if (node.low === node.index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const unit of graph.units) if (!state.has(unit)) visit(unit);
  return components;
}

function matches(unit, patterns) {
  return patterns.some((p) => (p.endsWith('/*') ? unit.startsWith(p.slice(0, -1)) : unit === p));
}

export function ruleBreaks(spec, graph) {
  const breaks = [];
  for (const edge of graph.edges) {
    for (const rule of spec.rules) {
      // A rule names what its units may import (from/mayImport) or who may import them (to/mayBeImportedBy).
      const broken = rule.from
        ? matches(edge.from, rule.from) && !matches(edge.to, rule.mayImport)
        : matches(edge.to, rule.to) && !matches(edge.from, rule.mayBeImportedBy);
      if (broken) breaks.push({ edge, why: rule.why });
    }
  }
  return breaks;
}

function mermaid(spec, graph) {
  const id = (unit) => unit.replace(/[^A-Za-z0-9]/g, '_');
  const lines = [`flowchart LR`];
  for (const unit of graph.units) lines.push(`  ${id(unit)}[${unit}]`);
  for (const edge of [...graph.edges].sort((a, b) =>
    `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`),
  ))
    lines.push(`  ${id(edge.from)} --> ${id(edge.to)}`);
  return `### ${spec.name} (${spec.dir})\n\n\`\`\`mermaid\n${lines.join('\n')}\n\`\`\`\n`;
}

const DOC = 'docs/architecture.md';
const BEGIN =
  '<!-- dependency-graph: begin (generated: node scripts/dependency-graph.mjs --write-doc) -->';
const END = '<!-- dependency-graph: end -->';

/** The page's generated part as the code gives it. */
export function docGraphs() {
  return GRAPHS.map((spec) => mermaid(spec, graphOf(spec))).join('\n');
}

/** The page with its generated part replaced (throws when the markers are missing). */
function withGraphs(page) {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOC}: the dependency-graph markers are missing`);
  return `${page.slice(0, begin + BEGIN.length)}\n\n${docGraphs()}\n${page.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--mermaid')) {
    for (const spec of GRAPHS) console.log(mermaid(spec, graphOf(spec)));
  } else if (process.argv.includes('--write-doc') || process.argv.includes('--check-doc')) {
    const file = path.join(root, DOC);
    const page = fs.readFileSync(file, 'utf8');
    const wanted = withGraphs(page);
    if (process.argv.includes('--write-doc')) {
      fs.writeFileSync(file, wanted);
      console.log(`wrote the module graphs into ${DOC}`);
    } else if (wanted !== page) {
      console.error(
        `${DOC}: its module graphs are not what the imports give: run \`node scripts/dependency-graph.mjs --write-doc\``,
      );
      process.exit(1);
    } else console.log(`${DOC}: the module graphs are up to date.`);
  } else {
    let failed = false;
    for (const spec of GRAPHS) {
      const graph = graphOf(spec);
      const byKey = new Map(graph.edges.map((e) => [`${e.from} -> ${e.to}`, e]));
      for (const cycle of cyclesOf(graph)) {
        failed = true;
        console.error(`${spec.name}: import cycle between ${cycle.join(', ')}`);
        for (const edge of graph.edges.filter(
          (e) => cycle.includes(e.from) && cycle.includes(e.to),
        ))
          console.error(
            `  ${edge.from} -> ${edge.to}  (${edge.via[0]}${edge.via.length > 1 ? `, +${edge.via.length - 1}` : ''})`,
          );
      }
      for (const { edge, why } of ruleBreaks(spec, graph)) {
        failed = true;
        console.error(
          `${spec.name}: ${edge.from} -> ${edge.to} breaks "${why}" (${byKey.get(`${edge.from} -> ${edge.to}`).via[0]})`,
        );
      }
      console.log(
        `${spec.name}: ${graph.units.length} folders, ${graph.edges.length} dependencies`,
      );
    }
    if (failed) process.exit(1);
    console.log('No import cycle between folders; every layer rule kept.');
  }
}
