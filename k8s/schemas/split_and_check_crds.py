"""Splits a rendered manifest stream for validation (scripts/validate-deploy.sh).

Built-in kinds go to OUT_BUILTIN for kubernetes-validate --strict. Traefik's
Middleware (a CRD, absent from the Kubernetes schemas) is checked here against
traefik-middleware.schema.json, which rejects unknown fields as strictly. Any
other kind that kubernetes-validate cannot know about fails: nothing is
skipped silently.

Usage: python split_and_check_crds.py RENDERED.yaml OUT_BUILTIN.yaml
Prints "<builtin count> <middleware count>" on success.
"""

import json
import pathlib
import sys

import jsonschema
import yaml

HERE = pathlib.Path(__file__).resolve().parent
CRD_SCHEMAS = {("traefik.io/v1alpha1", "Middleware"): HERE / "traefik-middleware.schema.json"}


def is_custom(api_version: str) -> bool:
    """Built-in groups are core (no group), dot-less (apps, batch...) or *.k8s.io."""
    group = api_version.rpartition("/")[0]
    return "." in group and not group.endswith(".k8s.io")


def main(rendered: str, out_builtin: str) -> int:
    docs = [d for d in yaml.safe_load_all(pathlib.Path(rendered).read_text()) if d]
    builtin, crd_count, errors = [], 0, []
    for doc in docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        name = f"{key[1]}/{doc.get('metadata', {}).get('name')}"
        if key in CRD_SCHEMAS:
            schema = json.loads(CRD_SCHEMAS[key].read_text())
            validator = jsonschema.Draft7Validator(schema)
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
