// Checks Kubernetes manifests against the API's OpenAPI schemas (kubernetes-models; cert-manager and Gateway API
// from their own model packages): field types, required fields and enums. Unknown field names are not caught
// (the models' schemas allow extra properties).
//   node validate.mjs FILE...   (- reads stdin, e.g. the output of `kubectl kustomize`)
// Prints one line per problem and exits 1 if there is any; a kind it has no schema for is a problem too.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const MODULES = {
  "cert-manager.io": (version, kind) => `@kubernetes-models/cert-manager/cert-manager.io/${version}/${kind}`,
  "gateway.networking.k8s.io": (version, kind) => `@kubernetes-models/gateway-api/gateway.networking.k8s.io/${version}/${kind}`,
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const path = MODULES[group] ? MODULES[group](version, kind) : `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

let problems = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const doc of parseAllDocuments(text)) {
    const where = file === "-" ? "stdin" : file;
    if (doc.errors.length) {
      doc.errors.forEach((e) => console.log(`${where}: invalid YAML: ${e.message}`));
      problems += doc.errors.length;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const name = `${object.kind}/${object.metadata?.name ?? "?"}`;
    if (object.apiVersion?.startsWith("kustomize.config.k8s.io/")) continue;
    const Model = typeof object.apiVersion === "string" && typeof object.kind === "string"
      ? await modelFor(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      console.log(`${where}: ${name}: no schema for apiVersion ${object.apiVersion} kind ${object.kind}`);
      problems++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
    } catch (e) {
      const details = e.errors ?? [{ instancePath: "", message: e.message }];
      for (const d of details) {
        console.log(`${where}: ${name}: ${d.instancePath || "/"} ${d.message}${d.params ? " " + JSON.stringify(d.params) : ""}`);
        problems++;
      }
    }
  }
}
console.log(`${checked} objects valid, ${problems} problems`);
process.exit(problems ? 1 : 0);
