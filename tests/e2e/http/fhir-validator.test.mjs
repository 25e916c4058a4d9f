// A referral as FHIR R4 (docs/fhir.md), checked by a real FHIR R4
// validator (tests/e2e/lib/fhir.mjs: HL7's R4 definitions through
// @medplum/core and HL7's R4 JSON schema through ajv), not by rules
// written here.
//  - The bundles the C writer (ref_fhir_bundle) makes: its unit test
//    (referral_test_referral_fhir, beside SN_BIN in the build) writes each
//    bundle it builds into SN_FHIR_DUMP; every one must be valid, and the
//    full one must equal the fixture, so the fixture cannot drift from the
//    writer.
//  - The fixture, tests/e2e/fixtures/fhir/referral-bundle.json, and
//    broken copies of it that the validator must refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bin, root } from '../lib/server.mjs';
import { validateFhirR4 } from '../lib/fhir.mjs';

const fixture = JSON.parse(readFileSync(join(root, 'tests/e2e/fixtures/fhir/referral-bundle.json'), 'utf8'));
const writerTest = join(dirname(bin), 'referral_test_referral_fhir');

const copy = () => structuredClone(fixture);
const res = (b, type) => b.entry.find((e) => e.resource.resourceType === type).resource;

// Valid, and the errors (if any) shown when not.
function assertValid(resource, what) {
  const r = validateFhirR4(resource);
  assert.deepEqual(r.errors, [], `${what}: ${r.errors.join('\n')}`);
  assert.equal(r.valid, true);
}

// Refused, with an error that names where.
function assertRefused(resource, where) {
  const r = validateFhirR4(resource);
  assert.equal(r.valid, false, `accepted, but ${where} is wrong`);
  assert.ok(r.errors.some((e) => e.includes(where)), `no error names ${where}:\n${r.errors.join('\n')}`);
}

test('the fixture is a valid FHIR R4 Bundle of a Task and its ServiceRequest', () => {
  assertValid(fixture, 'fixture');
  assert.equal(fixture.type, 'collection');
  const task = res(fixture, 'Task');
  const sr = res(fixture, 'ServiceRequest');
  assert.equal(task.intent, 'order');
  assert.equal(task.focus.reference, fixture.entry.find((e) => e.resource === sr).fullUrl);
  assert.equal(task.owner.reference, fixture.entry.find((e) => e.resource.resourceType === 'Organization').fullUrl);
  assert.equal(sr.subject.reference, fixture.entry.find((e) => e.resource.resourceType === 'Patient').fullUrl);
  assert.equal(sr.requester.reference, fixture.entry.find((e) => e.resource.resourceType === 'Practitioner').fullUrl);
});

test('every bundle the C writer makes is valid FHIR R4, and the full one is the fixture', (t) => {
  if (!existsSync(writerTest)) {
    t.skip(`no ${writerTest}: build the unit tests (SN_BIN names the build)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sn-fhir-'));
  try {
    execFileSync(writerTest, [], { env: { ...process.env, SN_FHIR_DUMP: dir }, stdio: 'pipe' });
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    // the full example, each of the ten statuses, the minimal and the one without consent
    assert.equal(files.length, 13, files.join(' '));
    for (const f of files) assertValid(JSON.parse(readFileSync(join(dir, f), 'utf8')), f);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'referral-bundle.json'), 'utf8')), fixture,
      'the fixture differs from what ref_fhir_bundle writes: copy the new dump over it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Task.status that is not a FHIR code is refused', () => {
  const b = copy();
  res(b, 'Task').status = 'sent';
  assertRefused(b, 'status');
  // and on its own, outside a Bundle
  assertRefused({ ...res(copy(), 'Task'), status: 'sent' }, 'Task.status');
});

test('a ServiceRequest.status or .intent outside its value set is refused', () => {
  // request-status and request-intent are shared value sets, which the R4
  // JSON schema does not list: the binding check must catch these
  let b = copy();
  res(b, 'ServiceRequest').status = 'rejected';
  assertRefused(b, 'ValueSet/request-status');
  b = copy();
  res(b, 'ServiceRequest').intent = 'referral';
  assertRefused(b, 'ValueSet/request-intent');
});

test('a Task without intent is refused', () => {
  const b = copy();
  delete res(b, 'Task').intent;
  assertRefused(b, 'intent');
  const task = res(copy(), 'Task');
  delete task.intent;
  assertRefused(task, 'Task.intent');
});

test('a ServiceRequest without subject is refused', () => {
  const b = copy();
  delete res(b, 'ServiceRequest').subject;
  assertRefused(b, 'subject');
});

test('an empty string is refused', () => {
  const b = copy();
  res(b, 'Patient').name[0].text = '';
  assertRefused(b, 'name[0].text');
  const b2 = copy();
  res(b2, 'Organization').name = '';
  assertRefused(b2, 'name');
});

test('a reference to no entry is refused', () => {
  const b = copy();
  res(b, 'Task').owner.reference = 'urn:uuid:00000000-0000-4000-8000-000000000000';
  assertRefused(b, 'owner.reference');
  // an entry gone takes its references with it
  const b2 = copy();
  b2.entry = b2.entry.filter((e) => e.resource.resourceType !== 'ServiceRequest');
  assertRefused(b2, 'focus.reference');
});

test('other breakage the definitions catch', () => {
  let b = copy();
  res(b, 'Task').authoredOn = '1 December 2026';
  assertRefused(b, 'authoredOn');
  b = copy();
  res(b, 'Patient').favouriteColour = 'green';
  assertRefused(b, 'favouriteColour');
  b = copy();
  res(b, 'Patient').telecom[0].system = 'pager-ish';
  assertRefused(b, 'system');
  b = copy();
  b.type = 'pile';
  assertRefused(b, 'type');
  b = copy();
  b.total = 6; // bdl-1: total only when a search or history
  assertRefused(b, 'bdl-1');
  b = copy();
  b.entry.push(structuredClone(b.entry[0]));
  assertRefused(b, 'not unique');
  b = copy();
  b.entry[0].resource = { resourceType: 'Project', name: 'Medplum only' };
  assertRefused(b, 'not an R4 resource type');
});
