"""Renders the kustomize files that come from the Helm chart (helm/vitrine).

The chart is the one source of truth for Vitrine's Kubernetes objects:
  k8s/base/vitrine.yaml        the chart with k8s/base/values.yaml (release
                               and namespace "vitrine", external database)
  k8s/minikube/postgres.yaml   the chart's bundled PostgreSQL objects, for
                               the minikube overlay's own Secrets
Run with the Helm SDK's Python (scripts/render-k8s.sh does); --check fails
when a committed file differs from a fresh render.
"""
import pathlib
import sys

import helm_python as helm
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "vitrine"
HEADER = (
    "# GENERATED from helm/vitrine by scripts/render-k8s.sh: do not edit.\n"
    "# Change the chart (or {values}) and run scripts/render-k8s.sh;\n"
    "# scripts/validate-deploy.sh fails while this file is stale.\n"
)
# Labels that only tell the truth under Helm.
HELM_LABELS = ("app.kubernetes.io/managed-by", "helm.sh/chart")
POSTGRES_OBJECTS = {
    ("ConfigMap", "postgres-bootstrap"),
    ("StatefulSet", "postgres"),
    ("Service", "postgres"),
    ("NetworkPolicy", "services-to-postgres"),
    ("NetworkPolicy", "postgres-from-services"),
}


def strip_helm_labels(obj):
    if isinstance(obj, dict):
        labels = obj.get("labels")
        if isinstance(labels, dict):
            for key in HELM_LABELS:
                labels.pop(key, None)
        for value in obj.values():
            strip_helm_labels(value)
    elif isinstance(obj, list):
        for value in obj:
            strip_helm_labels(value)


def merge(base, extra):
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def render(values_dict):
    chart = helm.Chart.load(str(CHART))
    values = helm.values_from_yaml(yaml.safe_dump(values_dict))
    chart.validate_schema(values)
    rendered = chart.render(values, name="vitrine", namespace="vitrine", is_install=True)
    docs = []
    for path, text in sorted(rendered.items()):
        if path.endswith((".yaml", ".yml")):
            docs += [d for d in yaml.safe_load_all(text) if d]
    for d in docs:
        strip_helm_labels(d)
        # The overlays set the namespace (kustomize's generators only merge
        # into objects of the same, overlay-given, namespace).
        d["metadata"].pop("namespace", None)
    return docs


class Dumper(yaml.SafeDumper):
    """Multi-line strings (bootstrap.sql, the scripts) as readable blocks."""


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str)


def dump(docs, values):
    body = "---\n".join(yaml.dump(d, Dumper=Dumper, sort_keys=False, width=1000) for d in docs)
    return HEADER.format(values=values) + body


def outputs():
    base_values = yaml.safe_load((ROOT / "k8s/base/values.yaml").read_text())
    base = render(base_values)
    bundled = render(merge(base_values, {"postgresql": {"bundled": True, "existingSecret": "vitrine-postgres"}}))
    postgres = [d for d in bundled if (d["kind"], d["metadata"]["name"]) in POSTGRES_OBJECTS]
    assert len(postgres) == len(POSTGRES_OBJECTS), [d["metadata"]["name"] for d in postgres]
    return {
        "k8s/base/vitrine.yaml": dump(base, "k8s/base/values.yaml"),
        "k8s/minikube/postgres.yaml": dump(postgres, "k8s/minikube's bundled values in k8s/render.py"),
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for rel, text in outputs().items():
        path = ROOT / rel
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(rel)
        else:
            path.write_text(text)
            print(f"wrote {rel}")
    if stale:
        print("stale (generated from helm/vitrine; run scripts/render-k8s.sh): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)
    if check:
        print("k8s/base/vitrine.yaml and k8s/minikube/postgres.yaml match the chart")


if __name__ == "__main__":
    main()
