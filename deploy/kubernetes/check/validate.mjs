// Validates the Kubernetes manifests of deploy/kubernetes without a cluster and without the internet:
//  1. renders the kustomize base and every overlay (render.mjs: the subset of kustomize they use;
//     compared with `kubectl kustomize` too when kubectl is installed),
//  2. checks every rendered object, and every stand-alone manifest (the Secret template), against
//     the Kubernetes API JSON schemas shipped in the npm package kubernetes-models (types, required
//     fields, enums, formats),
//  3. checks them against the same package's TypeScript types, which catches what the JSON schemas
//     let through: unknown or misspelt fields (`replica:`, `readinesProbe:`).
// Exit code 0 = all valid; 1 = something is invalid (each problem printed with file and path).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { render } from "./render.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, ".."));
const problems = [];

/** The kustomizations to render: base and every overlay. */
function targets() {
  const list = [join(root, "base")];
  const overlays = join(root, "overlays");
  if (existsSync(overlays)) {
    for (const name of readdirSync(overlays).sort()) {
      if (existsSync(join(overlays, name, "kustomization.yaml"))) list.push(join(overlays, name));
    }
  }
  return list;
}

/** YAML files that are manifests on their own, outside any kustomization (e.g. the Secret template). */
function standalone() {
  const used = new Set();
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "check") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push(path);
    }
  };
  walk(root);
  for (const dir of targets()) {
    const k = parseAllDocuments(readFileSync(join(dir, "kustomization.yaml"), "utf8"))[0].toJS();
    for (const r of k.resources ?? []) used.add(resolve(dir, r));
    used.add(join(dir, "kustomization.yaml"));
  }
  return files.filter((f) => !used.has(f));
}

function readObjects(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((o) => o != null);
}

/** kubernetes-models module of an apiVersion/kind, e.g. apps/v1 Deployment → kubernetes-models/apps/v1/Deployment. */
function modelPath(object) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  return `kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`;
}

async function schemaCheck(where, object) {
  if (typeof object?.apiVersion !== "string" || typeof object?.kind !== "string") {
    problems.push(`${where}: no apiVersion/kind`);
    return false;
  }
  let module;
  try {
    module = await import(modelPath(object));
  } catch {
    problems.push(`${where}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
    return false;
  }
  const Model = module[object.kind];
  try {
    new Model(object).validate();
  } catch (e) {
    for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
      problems.push(`${where}: ${object.kind}/${object.metadata?.name}${error.instancePath} ${error.message}`);
    }
  }
  if (!object.metadata?.name) problems.push(`${where}: ${object.kind} without metadata.name`);
  return true;
}

/** Unknown fields: every object as a typed TypeScript constant; the compiler names each excess property. */
function typeCheck(entries) {
  const dir = join(here, "node_modules", ".hailong-typecheck");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "manifests.ts");
  const lines = [];
  const owners = [];
  entries.forEach(({ where, object }, i) => {
    const type = `I${object.kind}`;
    lines.push(`import type { ${type} as T${i} } from "${modelPath(object)}";`);
    owners.push(null);
  });
  entries.forEach(({ where, object }, i) => {
    for (const line of `export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`.split("\n")) {
      lines.push(line);
      owners.push({ where, object });
    }
  });
  writeFileSync(file, lines.join("\n") + "\n");
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (d.file && d.start != null) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const owner = owners[line];
      const at = owner ? `${owner.where}: ${owner.object.kind}/${owner.object.metadata?.name}` : `line ${line + 1}`;
      problems.push(`${at}: ${message.replace(/\s+/g, " ").slice(0, 300)}`);
    } else {
      problems.push(message);
    }
  }
}

/** When kubectl is installed, its kustomize must render exactly what render.mjs renders. */
function compareWithKubectl(dir, ours) {
  let output;
  try {
    output = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.code === "ENOENT") return "kubectl not installed: rendering not cross-checked";
    problems.push(`${relative(root, dir)}: kubectl kustomize failed: ${e.stderr ?? e.message}`);
    return null;
  }
  const key = (o) => `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
  const theirs = parseAllDocuments(output).map((d) => d.toJS()).filter(Boolean);
  const a = new Map(ours.map((o) => [key(o), o]));
  const b = new Map(theirs.map((o) => [key(o), o]));
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    if (!isDeepStrictEqual(a.get(k), b.get(k))) {
      problems.push(`${relative(root, dir)}: ${k} renders differently here than with kubectl kustomize`);
    }
  }
  return "same as kubectl kustomize";
}

const entries = [];
for (const dir of targets()) {
  const name = relative(root, dir);
  let objects;
  try {
    objects = render(dir);
  } catch (e) {
    problems.push(`${name}: cannot render: ${e.message}`);
    continue;
  }
  const cross = compareWithKubectl(dir, objects);
  let valid = 0;
  for (const object of objects) {
    if (await schemaCheck(name, object)) {
      entries.push({ where: name, object });
      valid++;
    }
  }
  console.log(`${name}: ${objects.length} objects rendered (${cross})`);
}
for (const file of standalone()) {
  const name = relative(root, file);
  for (const object of readObjects(file)) {
    if (await schemaCheck(name, object)) entries.push({ where: name, object });
  }
  console.log(`${name}: stand-alone manifest`);
}
typeCheck(entries);

if (problems.length) {
  console.error(`\n${problems.length} problem(s) in the Kubernetes manifests:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`Kubernetes manifests valid: ${entries.length} objects checked against the API schemas and types.`);
