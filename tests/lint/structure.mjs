#!/usr/bin/env node
// The shape of src/ (issue 14), measured from the code itself:
//
//   - SQL in handlers: string literals that start a SQL statement (SELECT,
//     INSERT, UPDATE, DELETE, WITH, CREATE, DROP, PRAGMA, BEGIN) in any
//     *_http.c file or in src/demo. Handlers parse, call and render, and
//     the demo fills the area through the features' functions; statements
//     live in a feature's *_store.c.
//   - Folder cycles: folder A uses folder B when a file of A includes a
//     header of B or (from the built objects, when a build directory is
//     given) calls a function that only B defines. A cycle is two or more
//     folders that reach each other.
//   - Files over 1,000 lines and functions over 100 lines (a function runs
//     from a line that opens it with "{" in column 0 to the "}" in column 0).
//
// Usage: structure.mjs [--build DIR] [--report] [--check]
//   --report  prints every figure (the default)
//   --check   exits 1 when there is SQL in a handler or a folder cycle
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve, basename } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const buildDir = args.includes('--build') ? resolve(args[args.indexOf('--build') + 1]) : null;
const check = args.includes('--check');

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.[ch]$/.test(e)) out.push(p);
  }
  return out;
}
const files = walk(join(root, 'src')).map((p) => relative(root, p)).sort();
const text = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
// src/a/b/c.c -> "a/b" (a folder is everything under src/ but the file)
const folderOf = (f) => dirname(f).replace(/^src\/?/, '') || '.';

// ---- SQL in handlers ----
const SQL = /"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|PRAGMA|BEGIN|REPLACE)\b/g;
const sqlIn = [];
let sqlTotal = 0;
for (const f of files) {
  const n = (text.get(f).match(SQL) || []).length;
  sqlTotal += n;
  // Handlers, and the demo (it fills the area through the features' own functions).
  if ((/_http\.c$/.test(f) || f.startsWith('src/demo/')) && n) sqlIn.push([f, n]);
}

// ---- long files and functions ----
const longFiles = files.map((f) => [f, text.get(f).split('\n').length - 1]).filter(([, n]) => n > 1000);
const longFns = [];
for (const f of files.filter((x) => x.endsWith('.c'))) {
  const lines = text.get(f).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '{') continue;
    let k = i - 1; // the name: the nearest line before with "name(" at the start of a declarator
    while (k > 0 && !/[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(lines[k])) k--;
    const name = (lines[k].match(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/) || [])[1] || '?';
    let j = i + 1;
    while (j < lines.length && lines[j] !== '}') j++;
    const n = j - i + 1;
    if (n > 100) longFns.push([`${f}:${name}`, n]);
    i = j;
  }
}
longFns.sort((a, b) => b[1] - a[1]);

// ---- folders and who uses whom ----
const uses = new Map(); // folder -> Map(folder -> Set(reason))
const use = (a, b, why) => {
  if (a === b) return;
  if (!uses.has(a)) uses.set(a, new Map());
  if (!uses.get(a).has(b)) uses.get(a).set(b, new Set());
  uses.get(a).get(b).add(why);
};
for (const f of files) {
  for (const m of text.get(f).matchAll(/#include\s+"([^"]+)"/g)) {
    const target = relative(root, resolve(root, dirname(f), m[1]));
    if (target.startsWith('src/')) use(folderOf(f), folderOf(target), `${basename(f)} includes ${basename(target)}`);
  }
}
if (buildDir) {
  const objDir = join(buildDir, 'CMakeFiles', 'sncore.dir', 'src');
  if (!existsSync(objDir)) { console.error(`no objects in ${objDir}: build first`); process.exit(2); }
  const objs = walk2(objDir);
  const defs = new Map(); // symbol -> folder
  const undef = [];
  for (const o of objs) {
    const src = relative(join(buildDir, 'CMakeFiles', 'sncore.dir'), o).replace(/\.o$/, '');
    if (!text.has(src)) continue; // left over from a file since moved or removed
    const folder = folderOf(src);
    const out = execFileSync('nm', ['-P', o], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [sym, type] = line.split(' ');
      if (!sym) continue;
      if (type === 'U') undef.push([folder, sym, basename(src)]);
      else if (/[TDBR]/.test(type)) defs.set(sym, folder);
    }
  }
  for (const [folder, sym, file] of undef) if (defs.has(sym)) use(folder, defs.get(sym), `${file} calls ${sym}`);
}
function walk2(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk2(p));
    else if (e.endsWith('.o')) out.push(p);
  }
  return out;
}
// Strongly connected components (Tarjan).
const nodes = [...new Set([...files.map(folderOf)])].sort();
let index = 0;
const idx = new Map(), low = new Map(), on = new Set(), stack = [], sccs = [];
function strong(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of (uses.get(v) || new Map()).keys()) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) sccs.push(c.sort());
  }
}
for (const v of nodes) if (!idx.has(v)) strong(v);

// ---- report ----
console.log(`SQL statements: ${sqlTotal} in src/, ${sqlIn.reduce((s, [, n]) => s + n, 0)} in ${sqlIn.length} *_http.c or demo files`);
for (const [f, n] of sqlIn) console.log(`  ${f}: ${n}`);
console.log(`files over 1,000 lines: ${longFiles.length}`);
for (const [f, n] of longFiles) console.log(`  ${f}: ${n}`);
console.log(`functions over 100 lines: ${longFns.length}`);
for (const [f, n] of longFns) console.log(`  ${f}: ${n}`);
console.log(`folder cycles: ${sccs.length}${buildDir ? '' : ' (includes only; --build DIR adds calls)'}`);
for (const c of sccs) {
  console.log(`  ${c.join(' <-> ')}`);
  for (const a of c) for (const b of c) {
    const why = uses.get(a)?.get(b);
    if (why) console.log(`    ${a} -> ${b}: ${[...why].slice(0, 4).join('; ')}${why.size > 4 ? `; and ${why.size - 4} more` : ''}`);
  }
}
if (args.includes('--graph')) {
  for (const a of [...uses.keys()].sort()) console.log(`${a} -> ${[...uses.get(a).keys()].sort().join(' ')}`);
}
if (check && (sqlIn.length || sccs.length)) process.exit(1);
