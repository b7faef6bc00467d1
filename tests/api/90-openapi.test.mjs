// docs/openapi.yaml against the route tables of src/api/api_*.c (listed in
// src/api/routes.c) and the vocabularies their schemas use, so that the
// published API description cannot drift from the server: every route is
// documented with its method, nothing else is, the security requirement
// follows the route's permission and CSRF flag, and each request body schema
// has exactly the fields, required set, types, limits, enums and nullability
// of the route's jschema. No server is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const doc = parse(readFileSync(new URL('docs/openapi.yaml', root), 'utf8'));
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const apiFiles = readdirSync(new URL('src/api/', root)).filter((f) => /^api_\w+\.c$/.test(f)).sort();
const csrc = [...apiFiles.map((f) => `src/api/${f}`), 'src/http/metrics.c'].map(read).join('\n');
const routesC = read('src/api/routes.c');
// The vocabularies (one_of) are defined once, in domain/vocab.c and auth/perm.c.
const vocabSrc = read('src/domain/vocab.c') + read('src/auth/perm.c');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const INT64_MAX = 'INT64_MAX';

// ---- routes.c ----

function parseRoutes(src) {
  // Every module table must be listed in routes.c, and every listed one exist.
  const tables = [...src.matchAll(/const struct route ((?:api|http)_\w+_routes)\[\] = \{([\s\S]*?)\n\};/g)];
  assert.ok(tables.length >= 8, 'module route tables not found in src/api/api_*.c');
  const listStart = routesC.indexOf('api_route_tables[] = {');
  assert.ok(listStart >= 0, 'api_route_tables[] not found in routes.c');
  const listed = [...routesC.slice(listStart, routesC.indexOf('};', listStart)).matchAll(/\b((?:api|http)_\w+_routes)\b/g)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), tables.map((t) => t[1]).sort(), 'routes.c lists exactly the module tables');
  const block = tables.map((t) => t[2]).join('\n');
  const re = /\{\s*M_(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(&?\w+)\s*,\s*(\w+)\s*,\s*([\w|\s]+?)\s*\}/g;
  const routes = [];
  for (const m of block.matchAll(re)) {
    routes.push({
      method: m[1].toLowerCase(), path: m[2], handler: m[3], perm: m[4],
      schema: m[5] === 'NULL' ? null : m[5].replace(/^&/, ''), flags: m[7],
    });
  }
  // Every row that starts like a route must have been understood.
  const rows = block.match(/\{\s*M_\w+/g) || [];
  assert.equal(routes.length, rows.length, 'a route row in src/api/api_*.c did not parse');
  return routes;
}

// The text limits routes.c names (USERNAME_MAX_CHARS ...) are defined once,
// next to the records, in src/store/*.h.
const limits = {};
for (const f of readdirSync(new URL('src/store/', root)).filter((n) => n.endsWith('.h'))) {
  const h = readFileSync(new URL(`src/store/${f}`, root), 'utf8');
  for (const m of h.matchAll(/^#define (\w+_CHARS) +(\w+)/gm)) limits[m[1]] = m[2];
}
function limit(name) {
  let v = name;
  for (let i = 0; i < 8 && v in limits; i++) v = limits[v];
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

function parseCValue(v) {
  v = v.trim();
  if (v === INT64_MAX) return INT64_MAX;
  if (/^-?\d+$/.test(v)) return Number(v);
  if (limit(v) !== undefined) return limit(v);
  if (/^".*"$/.test(v)) return v.slice(1, -1);
  return v.replace(/^&/, '');
}

function parseSchemas(src) {
  const enums = {};
  for (const m of vocabSrc.matchAll(/const struct vocab_term (\w+)\[\]\s*=\s*\{([\s\S]*?)\n\};/g))
    enums[m[1]] = [...m[2].matchAll(/\.key = "([^"]*)"/g)].map((x) => x[1]);
  const fieldSets = {};
  for (const m of src.matchAll(/static const struct jfield (\w+)\[\]\s*=\s*\{([\s\S]*?)\{\s*0\s*\}\s*\};/g)) {
    const fields = [];
    for (const f of m[2].matchAll(/\{\s*(\.name[^}]*)\}/g)) {
      const o = { min: 0, max: 0, required: 0, nullable: 0 };
      for (const kv of f[1].matchAll(/\.(\w+)\s*=\s*([^,]+?)\s*(?=,|$)/g)) o[kv[1]] = parseCValue(kv[2]);
      if (o.one_of) {
        assert.ok(enums[o.one_of], `vocabulary ${o.one_of} not found in domain/vocab.c or auth/perm.c`);
        o.one_of = enums[o.one_of];
      }
      fields.push(o);
    }
    fieldSets[m[1]] = fields;
  }
  const schemas = {};
  for (const m of src.matchAll(/static const struct jschema (\w+)\s*=\s*\{\s*(\w+)\s*\};/g)) {
    assert.ok(fieldSets[m[2]], `field list ${m[2]} not found in src/api/api_*.c`);
    schemas[m[1]] = fieldSets[m[2]];
  }
  return schemas;
}

const routes = parseRoutes(csrc);
const cschemas = parseSchemas(csrc);

// ---- the document ----

function deref(s) {
  let seen = 0;
  while (s && s.$ref) {
    assert.ok(s.$ref.startsWith('#/'), `external $ref ${s.$ref}`);
    let t = doc;
    for (const part of s.$ref.slice(2).split('/')) t = t?.[part];
    assert.ok(t, `unresolved $ref ${s.$ref}`);
    s = t;
    assert.ok(++seen < 20, 'reference loop');
  }
  return s;
}

// Flattens $ref and allOf into one schema object (properties merged,
// required united, the outer keywords win).
function flat(s) {
  s = deref(s);
  if (!s || !s.allOf) return s;
  const out = { properties: {}, required: [] };
  for (const part of s.allOf) {
    const p = flat(part);
    Object.assign(out, p, {
      properties: { ...out.properties, ...(p.properties || {}) },
      required: [...out.required, ...(p.required || [])],
    });
  }
  const { allOf, ...own } = s;
  Object.assign(out, own, {
    properties: { ...out.properties, ...(own.properties || {}) },
    required: [...out.required, ...(own.required || [])],
  });
  return out;
}

const num = (v) => (v === undefined ? 0 : v);

function checkField(where, f, s) {
  s = flat(s);
  assert.ok(s, `${where}: no schema`);
  assert.equal(!!s.nullable, !!f.nullable, `${where}: nullable should be ${!!f.nullable}`);
  const bound = (key, v) => {
    if (v === INT64_MAX || (key.startsWith('max') && v === 0)) assert.equal(s[key], undefined, `${where}: ${key} should be absent`);
    else assert.equal(num(s[key]), v, `${where}: ${key} should be ${v}`);
  };
  switch (f.type) {
    case 'J_STR':
      assert.equal(s.type, 'string', `${where}: type`);
      bound('minLength', f.min);
      bound('maxLength', f.max);
      if (f.one_of) assert.deepEqual(s.enum, f.one_of, `${where}: enum`);
      else assert.equal(s.enum, undefined, `${where}: unexpected enum`);
      break;
    case 'J_INT':
      assert.equal(s.type, 'integer', `${where}: type`);
      assert.equal(s.minimum, f.min, `${where}: minimum should be ${f.min}`);
      bound('maximum', f.max);
      break;
    case 'J_NUM':
      assert.equal(s.type, 'number', `${where}: type`);
      assert.equal(s.minimum, f.min, `${where}: minimum should be ${f.min}`);
      bound('maximum', f.max);
      break;
    case 'J_BOOL':
      assert.equal(s.type, 'boolean', `${where}: type`);
      break;
    case 'J_DATE':
      assert.equal(s.type, 'string', `${where}: type`);
      assert.equal(s.format, 'date', `${where}: format`);
      break;
    case 'J_ID': {
      const types = (s.oneOf || []).map((x) => flat(x).type).sort();
      assert.deepEqual(types, ['integer', 'string'], `${where}: an id is oneOf integer/string`);
      break;
    }
    case 'J_ARR_INT':
    case 'J_ARR_STR':
    case 'J_ARR_OBJ': {
      assert.equal(s.type, 'array', `${where}: type`);
      bound('minItems', f.min);
      bound('maxItems', f.max);
      const it = flat(s.items);
      if (f.type === 'J_ARR_INT') {
        assert.equal(it.type, 'integer', `${where}[]: type`);
        assert.equal(it.minimum, 1, `${where}[]: minimum`);
      } else if (f.type === 'J_ARR_STR') {
        assert.equal(it.type, 'string', `${where}[]: type`);
        assert.equal(it.minLength, 1, `${where}[]: minLength`);
        assert.equal(it.maxLength, 64, `${where}[]: maxLength`);
      } else {
        checkObject(`${where}[]`, cschemas[f.sub], s.items);
      }
      break;
    }
    case 'J_OBJ':
      checkObject(where, cschemas[f.sub], s);
      break;
    default:
      assert.fail(`${where}: unknown jtype ${f.type}`);
  }
}

function checkObject(where, fields, s) {
  assert.ok(fields, `${where}: sub-schema not found in routes.c`);
  s = flat(s);
  assert.equal(s.type, 'object', `${where}: type`);
  assert.equal(s.additionalProperties, false, `${where}: unknown fields are rejected (additionalProperties: false)`);
  const props = s.properties || {};
  assert.deepEqual(Object.keys(props).sort(), fields.map((f) => f.name).sort(), `${where}: fields`);
  assert.deepEqual([...(s.required || [])].sort(), fields.filter((f) => f.required).map((f) => f.name).sort(),
    `${where}: required fields`);
  for (const f of fields) checkField(`${where}.${f.name}`, f, props[f.name]);
}

const documented = [];
for (const [path, item] of Object.entries(doc.paths || {}))
  for (const m of METHODS) if (item[m]) documented.push({ method: m, path, op: item[m], item });

const key = (r) => `${r.method.toUpperCase()} ${r.path}`;

// ---- tests ----

test('routes.c parses into a plausible route table', () => {
  assert.ok(routes.length >= 40, `only ${routes.length} routes found`);
  assert.ok(Object.keys(cschemas).length >= 20, 'body schemas not found');
});

test('openapi.yaml is an OpenAPI 3.0.x document', () => {
  assert.match(String(doc.openapi), /^3\.0\.\d+$/);
  assert.ok(doc.info?.title && doc.info?.version);
  assert.ok(doc.components?.securitySchemes?.cookieAuth, 'cookieAuth scheme');
  assert.equal(doc.components.securitySchemes.cookieAuth.name, 'lj_session');
  assert.equal(doc.components.securitySchemes.csrfToken?.name, 'X-CSRF-Token');
});

test('every route in routes.c is documented with the same method', () => {
  const have = new Set(documented.map(key));
  const missing = routes.filter((r) => !have.has(key(r))).map(key);
  assert.deepEqual(missing, [], 'routes missing from docs/openapi.yaml');
});

test('every documented operation exists in routes.c', () => {
  const have = new Set(routes.map(key));
  const extra = documented.filter((d) => !have.has(key(d))).map(key);
  assert.deepEqual(extra, [], 'operations in docs/openapi.yaml that the server does not route');
});

test('operations are tagged, summarised and uniquely named', () => {
  const tags = new Set((doc.tags || []).map((t) => t.name));
  const ids = new Set();
  for (const d of documented) {
    assert.ok(d.op.summary, `${key(d)}: summary`);
    assert.ok(d.op.tags?.length && d.op.tags.every((t) => tags.has(t)), `${key(d)}: tags declared at top level`);
    assert.ok(d.op.operationId && !ids.has(d.op.operationId), `${key(d)}: unique operationId`);
    ids.add(d.op.operationId);
    assert.ok(Object.keys(d.op.responses || {}).some((s) => /^2\d\d$/.test(s)), `${key(d)}: a 2xx response`);
  }
});

test('path parameters are declared', () => {
  for (const d of documented) {
    const names = [...d.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const params = [...(d.item.parameters || []), ...(d.op.parameters || [])].map(deref)
      .filter((p) => p.in === 'path').map((p) => p.name).sort();
    assert.deepEqual(params, names, `${key(d)}: path parameters`);
  }
});

test('security follows the route permission and the CSRF rule', () => {
  const byKey = new Map(documented.map((d) => [key(d), d]));
  for (const r of routes) {
    const d = byKey.get(key(r));
    if (!d) continue; // reported by the coverage test
    const sec = d.op.security ?? doc.security ?? [];
    if (r.perm === 'PERM_PUBLIC') {
      assert.deepEqual(sec, [], `${key(r)} is public: security: []`);
      continue;
    }
    assert.ok(sec.length > 0 && sec.every((req) => 'cookieAuth' in req), `${key(r)} needs the session cookie`);
    const csrf = WRITES.has(r.method) && !/ROUTE_NO_CSRF/.test(r.flags);
    assert.equal(sec.every((req) => 'csrfToken' in req), csrf,
      `${key(r)} ${csrf ? 'needs' : 'does not need'} X-CSRF-Token`);
  }
});

test('request bodies match the route schemas field by field', () => {
  const byKey = new Map(documented.map((d) => [key(d), d]));
  for (const r of routes) {
    const d = byKey.get(key(r));
    if (!d) continue;
    if (r.flags.includes('ROUTE_RAW_BODY')) {
      // an upload: the file itself, not JSON
      const rb = deref(d.op.requestBody);
      assert.ok(rb?.content?.['application/octet-stream']?.schema, `${key(r)}: binary requestBody`);
      continue;
    }
    if (!r.schema) {
      assert.equal(d.op.requestBody, undefined, `${key(r)} takes no body`);
      continue;
    }
    const rb = deref(d.op.requestBody);
    assert.ok(rb, `${key(r)}: requestBody missing`);
    assert.equal(rb.required, true, `${key(r)}: requestBody.required`);
    const media = rb.content?.['application/json'];
    assert.ok(media?.schema, `${key(r)}: application/json schema`);
    checkObject(`${key(r)} body`, cschemas[r.schema], media.schema);
  }
});
