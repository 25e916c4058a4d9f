// Checks every json_pack call in src/ whose format is a string literal:
// the number of arguments the format takes must equal the number given.
// A miscount is undefined behaviour (jansson reads a wrong vararg: a crash
// or garbage), and the compiler cannot see it. Exit 1 naming each call.
//   node tests/lint/json-pack.mjs [ROOT]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] || new URL('../..', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (name.endsWith('.c')) yield p;
  }
}

// How many arguments a jansson pack format takes.
function wanted(fmt) {
  let n = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if ('{}[]:, \t\n'.includes(c)) continue;
    if (c === 'n') continue;
    if (c === 's') {
      n++;
      if (fmt[i + 1] === '#' || fmt[i + 1] === '%') { n++; i++; }
      else if (fmt[i + 1] === '*' || fmt[i + 1] === '?') i++;
      continue;
    }
    if ('bifoOI'.includes(c)) {
      n++;
      if (fmt[i + 1] === '*' || fmt[i + 1] === '?') i++;
      continue;
    }
    return -1; // something this lint does not know: skip the call
  }
  return n;
}

// The arguments after the format, split at top-level commas.
function argsAfter(text, start) {
  let depth = 0, i = start, args = 0, any = false, inStr = false, inChr = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue; }
    if (inChr) { if (c === '\\') i++; else if (c === "'") inChr = false; continue; }
    if (c === '"') { inStr = true; any = true; continue; }
    if (c === "'") { inChr = true; any = true; continue; }
    if (c === '(' || c === '[' || c === '{') { depth++; any = true; continue; }
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return any ? args + 1 : args;
      depth--; continue;
    }
    if (c === ',' && depth === 0) { args++; any = false; continue; }
    if (!/\s/.test(c)) any = true;
  }
  return -1;
}

let bad = 0, checked = 0;
for (const f of files(join(root, 'src'))) {
  const text = readFileSync(f, 'utf8');
  const re = /json_pack\(\s*"((?:[^"\\]|\\.)*)"\s*,/g;
  let m;
  while ((m = re.exec(text))) {
    const want = wanted(m[1]);
    if (want < 0) continue;
    const got = argsAfter(text, m.index + m[0].length);
    checked++;
    if (got !== want) {
      const line = text.slice(0, m.index).split('\n').length;
      console.log(`${relative(root, f)}:${line}: json_pack("${m[1]}") takes ${want} arguments, given ${got}`);
      bad++;
    }
  }
}
console.log(`json_pack calls checked: ${checked}, wrong: ${bad}`);
process.exit(bad ? 1 : 0);
