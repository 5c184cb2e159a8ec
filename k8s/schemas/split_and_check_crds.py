"""Splits a rendered manifest stream for validation (scripts/validate-deploy.sh).

Built-in kinds go to OUT_BUILTIN for kubernetes-validate --strict. Traefik's
Middleware and IngressRoute (CRDs, absent from the Kubernetes schemas) are
checked here against the real CRDs of the pinned Traefik chart, vendored in
crds/ (see crds/README.md), made strict: an object schema without
x-kubernetes-preserve-unknown-fields refuses unknown fields, as the API
server's strict field validation does. Any other kind that
kubernetes-validate cannot know about fails: nothing is skipped silently.

Usage: python split_and_check_crds.py RENDERED.yaml OUT_BUILTIN.yaml
Prints "<builtin count> <traefik object count>" on success.
"""

import pathlib
import sys

import jsonschema
import yaml

HERE = pathlib.Path(__file__).resolve().parent


def strict(schema):
    """The CRD's structural schema, with unknown fields refused."""
    if isinstance(schema, dict):
        schema = {k: strict(v) for k, v in schema.items()}
        if (schema.get("type") == "object" and "properties" in schema
                and "additionalProperties" not in schema
                and not schema.get("x-kubernetes-preserve-unknown-fields")):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def crd_schemas():
    out = {}
    for path in sorted((HERE / "crds").glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = strict(version["schema"]["openAPIV3Schema"])
            # ObjectMeta is the API server's: only its shape is checked here.
            schema["properties"]["metadata"] = {"type": "object"}
            out[(f"{group}/{version['name']}", kind)] = schema
    return out


def is_custom(api_version: str) -> bool:
    """Built-in groups are core (no group), dot-less (apps, batch...) or *.k8s.io."""
    group = api_version.rpartition("/")[0]
    return "." in group and not group.endswith(".k8s.io")


def main(rendered: str, out_builtin: str) -> int:
    schemas = crd_schemas()
    docs = [d for d in yaml.safe_load_all(pathlib.Path(rendered).read_text()) if d]
    builtin, crd_count, errors = [], 0, []
    for doc in docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        name = f"{key[1]}/{doc.get('metadata', {}).get('name')}"
        if key in schemas:
            validator = jsonschema.Draft7Validator(schemas[key])
            for err in validator.iter_errors(doc):
                path = ".".join(str(p) for p in err.absolute_path)
                errors.append(f"{rendered}: {name}: {path}: {err.message}")
            crd_count += 1
        elif is_custom(key[0] or ""):
            errors.append(f"{rendered}: {name}: {key[0]} is a custom resource with no schema here")
        else:
            builtin.append(doc)
    for e in errors:
        print(f"ERROR {e}", file=sys.stderr)
    pathlib.Path(out_builtin).write_text(yaml.safe_dump_all(builtin, sort_keys=False))
    print(len(builtin), crd_count)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
