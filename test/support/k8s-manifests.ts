import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/**
 * The Kubernetes manifests under deploy/k8s as the objects `kubectl apply -k` would send.
 *
 * The kustomizations use `resources` only (files and directories), so they are rendered here without
 * a kustomize binary; any other kustomization field is refused rather than silently ignored. When
 * kubectl is installed a test holds this rendering against `kubectl kustomize`.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const k8sDir = join(repoRoot, 'deploy/k8s');

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'resources']);

/** Every directory under deploy/k8s with a kustomization.yaml, relative to the repository root. */
export function kustomizationDirs(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'kustomization.yaml') found.push(relative(repoRoot, dir));
    }
  };
  walk(k8sDir);
  return found.sort();
}

/** The objects of one kustomization (directory relative to the repository root), in file order. */
export function renderKustomization(dir: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  const seen = new Set<string>();
  for (const object of renderDir(resolve(repoRoot, dir))) {
    const id = objectId(object);
    if (seen.has(id)) throw new Error(`${dir}: ${id} is defined twice`);
    seen.add(id);
    objects.push(object);
  }
  return objects;
}

function renderDir(dir: string): ManifestObject[] {
  const file = join(dir, 'kustomization.yaml');
  const kustomization = parseYamlFile(file)[0] as Record<string, unknown> | undefined;
  if (!kustomization) throw new Error(`${file} is empty`);
  for (const field of Object.keys(kustomization))
    if (!KUSTOMIZATION_FIELDS.has(field))
      throw new Error(`${file}: field ${field} is not rendered by the tests (only resources); render it or drop it`);
  const resources = kustomization.resources;
  if (!Array.isArray(resources)) throw new Error(`${file}: resources must be a list`);
  return resources.flatMap((entry: unknown) => {
    if (typeof entry !== 'string') throw new Error(`${file}: resources entry ${JSON.stringify(entry)} is no path`);
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() ? renderDir(path) : parseManifestFile(path);
  });
}

/** The documents of a YAML file (empty documents dropped). */
export function parseYamlFile(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  return docs.flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

function parseManifestFile(path: string): ManifestObject[] {
  return parseYamlFile(path).map((value) => {
    const object = value as Partial<ManifestObject>;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.metadata?.name)
      throw new Error(`${path}: a document without apiVersion, kind or metadata.name`);
    return object as ManifestObject;
  });
}

export function objectId(object: ManifestObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** The one object of this kind and name in the list. */
export function findObject<T = ManifestObject>(objects: ManifestObject[], kind: string, name: string): T {
  const matches = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${matches.length}`);
  return matches[0] as T;
}

// ---- what the code reads ---------------------------------------------------------------------

const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Environment variable names the source files under these directories (relative to the repository
 * root; tests and test helpers left out) can read: `env.NAME`, `env['NAME']` and names passed as
 * string literals to the config readers (`int('PODTRAIL_PORT', ...)`).
 */
export function envNamesReadBy(dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const dir of dirs)
    for (const file of sourceFiles(join(repoRoot, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1] as string);
      for (const m of text.matchAll(/['"`]([A-Z][A-Z0-9_]*)['"`]/g))
        if (ENV_NAME.test(m[1] as string)) names.add(m[1] as string);
    }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'testing' || entry === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(entry) && !/\.test\.ts$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}
