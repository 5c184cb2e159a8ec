"""Which objects of a render the deploy Role may not apply.

    python k8s/schemas/rbac_covers.py ROLE.yaml RENDERED.yaml

Prints one line per object the Role's rules do not allow to create and patch
(cluster-scoped kinds never are: a Role is namespaced) and exits 1 if there
is any. Used by scripts/validate-deploy.sh on the production render, and by
the stand-in kubectl of .github/scripts/test-deploy.sh to answer Forbidden.
"""
import sys

import yaml

# Kinds a namespaced Role can never grant (cluster-scoped objects).
CLUSTER_SCOPED = {
    "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "IngressClass", "PriorityClass", "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration", "APIService", "RuntimeClass", "CSIDriver", "VolumeAttachment",
}
NEEDED = {"create", "patch", "get"}


def resource_of(kind):
    plural = kind.lower()
    if plural.endswith("y"):
        return plural[:-1] + "ies"
    if plural.endswith(("s", "ss")):
        return plural + "es"
    return plural + "s"


def forbidden(role_docs, objects):
    rules = [r for d in role_docs if d and d.get("kind") == "Role" for r in d.get("rules", [])]
    out = []
    for obj in objects:
        kind = obj["kind"]
        group = obj["apiVersion"].rpartition("/")[0] if "/" in obj["apiVersion"] else ""
        name = obj["metadata"]["name"]
        if kind in CLUSTER_SCOPED:
            out.append(f"{kind}/{name}: cluster-scoped, a namespaced Role cannot allow it")
            continue
        verbs = set()
        for r in rules:
            if group in r.get("apiGroups", []) and resource_of(kind) in r.get("resources", []):
                verbs |= set(r.get("verbs", []))
        if not NEEDED <= verbs and "*" not in verbs:
            out.append(f"{kind}/{name} ({group or 'core'}): the Role lacks {', '.join(sorted(NEEDED - verbs))}")
    return out


def main():
    role_path, rendered_path = sys.argv[1:3]
    role = list(yaml.safe_load_all(open(role_path)))
    objects = [d for d in yaml.safe_load_all(open(rendered_path)) if d]
    problems = forbidden(role, objects)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
