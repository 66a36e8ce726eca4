// Validates an unpacked Teams app package offline, with the JSON schemas bundled in the npm
// package @microsoft/app-manifest (no network): manifest.json against the schema of its
// manifestVersion, every localization file it names against the localization schema of that
// version, and that the files it names exist.
//
// Usage: node appmanifest/validate.mjs DIR    (DIR holds manifest.json; unzip the package first)
// Prints {"<file>": [errors...], ...} as JSON. Exit status: 0 valid, 1 invalid, 2 cannot check.
//
// @microsoft/app-manifest 1.1.2 requires `fs-extra` when it loads but declares it only as a
// development dependency, so npm does not install it. Validation against a schema we pass in
// never touches the file system, so when `fs-extra` is absent a small stand-in from node:fs
// lets the module load (remove the stand-in once fs-extra is in package.json).
//
// The v1.30 localization schema has patterns such as `…\\b]\\.description$` with a bare `]`,
// which is a syntax error for Ajv's default Unicode regular expressions, so
// AppManifestUtils.validateAgainstSchema cannot compile it. Localization files are therefore
// checked with the same validator and options it uses (ajv-draft-04, allErrors, ajv-formats
// uri/email/regex) but with non-Unicode regular expressions, as the schema's patterns are written.
import { existsSync, promises as fsPromises, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

const fsExtraStandIn = {
  ...fsPromises,
  existsSync,
  pathExists: (file) => fsPromises.access(file).then(() => true, () => false),
  readJson: async (file) => JSON.parse(await fsPromises.readFile(file, "utf8")),
};
const load = Module._load;
Module._load = function loadWithStandIn(request, ...rest) {
  try {
    return load.call(this, request, ...rest);
  } catch (error) {
    if (request === "fs-extra" && error.code === "MODULE_NOT_FOUND") return fsExtraStandIn;
    throw error;
  }
};

function fail(message) {
  console.error(`validate: ${message}`);
  process.exit(2);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(`cannot read ${file}: ${error.message}`);
  }
}

let appManifest;
try {
  appManifest = require("@microsoft/app-manifest");
} catch (error) {
  fail(`cannot load @microsoft/app-manifest (run \`npm ci\` in the repository root): ${error.message}`);
}
const { AppManifestUtils } = appManifest;
const schemaRoot = path.join(
  path.dirname(require.resolve("@microsoft/app-manifest")), "json-schemas", "teams");

const dir = process.argv[2];
if (!dir) fail("usage: node appmanifest/validate.mjs DIR");
const manifest = readJson(path.join(dir, "manifest.json"));
const version = manifest.manifestVersion;
const schemaDir = path.join(schemaRoot, `v${version}`);
if (!version || !existsSync(schemaDir)) fail(`no bundled schema for manifestVersion ${version}`);
const manifestSchema = readJson(path.join(schemaDir, "MicrosoftTeams.schema.json"));
const localizationSchema = readJson(path.join(schemaDir, "MicrosoftTeams.Localization.schema.json"));

async function validateLocalization(data) {
  try {
    return await AppManifestUtils.validateAgainstSchema(data, localizationSchema);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const AjvDraft04 = require("ajv-draft-04");
  const addFormats = require("ajv-formats");
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ["uri", "email", "regex"]);
  const validate = ajv.compile(localizationSchema);
  return validate(data)
    ? []
    : validate.errors.map((e) => `${e.instancePath} ${e.message ?? ""}. Details: ${JSON.stringify(e.params)}`);
}

const report = {};
report["manifest.json"] = await AppManifestUtils.validateAgainstSchema(manifest, manifestSchema);

const localization = manifest.localizationInfo ?? {};
const languageFiles = [
  ...(localization.defaultLanguageFile ? [localization.defaultLanguageFile] : []),
  ...(localization.additionalLanguages ?? []).map((language) => language.file),
];
for (const file of languageFiles) {
  const target = path.join(dir, file);
  report[file] = existsSync(target)
    ? await validateLocalization(readJson(target))
    : [`${file} is named in localizationInfo but missing from the package`];
}
for (const icon of Object.values(manifest.icons ?? {})) {
  if (!existsSync(path.join(dir, icon))) {
    report["manifest.json"].push(`icon ${icon} is missing from the package`);
  }
}

console.log(JSON.stringify(report, null, 2));
process.exit(Object.values(report).some((errors) => errors.length > 0) ? 1 : 0);
