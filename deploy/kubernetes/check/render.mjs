// Renders a kustomization the way `kubectl kustomize` does, for the fields Hailong's manifests use:
// resources (files and folders), namespace, images, replicas, and patches given as inline JSON 6902
// operations with a kind/name target. Any other field is an error, so a new kustomize feature in
// an overlay fails loudly here instead of being skipped (validate.mjs also compares with kubectl
// where kubectl is installed).
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments } from "yaml";

const SUPPORTED = new Set(["apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume",
  "StorageClass", "PriorityClass", "CustomResourceDefinition", "IngressClass"]);
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

export function render(dir) {
  const kustomization = parse(readFileSync(join(dir, "kustomization.yaml"), "utf8"));
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED.has(field)) throw new Error(`kustomization field '${field}' is not supported by render.mjs`);
  }
  let objects = [];
  for (const entry of kustomization.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...render(path));
    else objects.push(...parseAllDocuments(readFileSync(path, "utf8")).map((d) => {
      if (d.errors.length) throw new Error(`${path}: ${d.errors[0].message}`);
      return d.toJS();
    }).filter(Boolean));
  }
  objects = structuredClone(objects);
  for (const patch of kustomization.patches ?? []) applyPatch(objects, patch);
  if (kustomization.namespace) {
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = kustomization.namespace;
    }
  }
  for (const image of kustomization.images ?? []) {
    for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
      for (const c of containers(o)) {
        if (imageName(c.image) === image.name) {
          const name = image.newName ?? image.name;
          c.image = image.digest ? `${name}@${image.digest}` : `${name}:${image.newTag ?? tagOf(c.image) ?? "latest"}`;
        }
      }
    }
  }
  for (const r of kustomization.replicas ?? []) {
    const found = objects.filter((o) => o.metadata?.name === r.name && o.spec && "replicas" in o.spec);
    if (!found.length) throw new Error(`replicas: no workload named ${r.name}`);
    for (const o of found) o.spec.replicas = r.count;
  }
  return objects;
}

function containers(o) {
  const pod = o.kind === "Pod" ? o.spec : o.kind === "CronJob" ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

function imageName(image) {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function tagOf(image) {
  const noDigest = image.split("@")[0];
  const colon = noDigest.lastIndexOf(":");
  return colon > noDigest.lastIndexOf("/") ? noDigest.slice(colon + 1) : null;
}

function applyPatch(objects, patch) {
  const unknown = Object.keys(patch).filter((k) => k !== "target" && k !== "patch");
  const targetKeys = Object.keys(patch.target ?? {}).filter((k) => k !== "kind" && k !== "name");
  if (unknown.length || targetKeys.length || typeof patch.patch !== "string") {
    throw new Error("patches: only {target: {kind, name}, patch: <inline JSON 6902 list>} is supported");
  }
  const operations = parse(patch.patch);
  if (!Array.isArray(operations)) throw new Error("patches: only JSON 6902 operation lists are supported");
  const targets = objects.filter((o) => o.kind === patch.target.kind && o.metadata?.name === patch.target.name);
  if (!targets.length) throw new Error(`patches: no ${patch.target.kind} named ${patch.target.name}`);
  for (const o of targets) for (const op of operations) apply(o, op);
}

/** One RFC 6902 operation (add, replace, remove) on an object, paths as RFC 6901 pointers. */
function apply(object, op) {
  const parts = op.path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = parts.pop();
  let parent = object;
  for (const part of parts) {
    parent = Array.isArray(parent) ? parent[Number(part)] : parent?.[part];
    if (parent == null) throw new Error(`patch ${op.op} ${op.path}: no such path`);
  }
  const exists = Array.isArray(parent) ? Number(last) < parent.length : Object.hasOwn(parent, last);
  switch (op.op) {
    case "add":
      if (Array.isArray(parent)) parent.splice(last === "-" ? parent.length : Number(last), 0, op.value);
      else parent[last] = op.value;
      break;
    case "replace":
      if (!exists) throw new Error(`patch replace ${op.path}: no such path`);
      parent[last] = op.value;
      break;
    case "remove":
      if (!exists) throw new Error(`patch remove ${op.path}: no such path`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    default:
      throw new Error(`patch operation ${op.op} is not supported`);
  }
}
