#!/usr/bin/env bash
# Tests .github/scripts/deploy.sh without a cluster: a stand-in kubectl
# (kustomize is the real one) fakes Deployment revisions and rollout results,
# and records every call. Checks the paths production depends on: a clean
# deploy undoes nothing; a failed rollout undoes exactly the Deployments this
# apply changed; failed smoke requests undo them all. Like the API server
# under the deploy Role (k8s/deploy-role.yaml), the stand-in answers
# Forbidden to an apply holding anything that Role does not allow, such as a
# cluster-scoped Namespace.
#
#   .github/scripts/test-deploy.sh      (scripts/lint-workflows.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/../.."
real_kubectl=$(command -v kubectl) || { echo "test-deploy: kubectl (for kustomize) is required" >&2; exit 1; }
root=$(pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cat >"$work/bin/kubectl" <<EOF
#!/usr/bin/env bash
# The stand-in: state in \$STUB/state, calls in \$STUB/calls.
echo "kubectl \$*" >> "\$STUB/calls"
[ "\$1" = kustomize ] && exec "$real_kubectl" "\$@"
args=("\$@")
[ "\$1" = -n ] && args=("\${args[@]:2}")
case "\${args[0]}" in
  config) echo stub ;;
  apply)
    file=""
    for ((i = 1; i < \${#args[@]}; i++)); do [ "\${args[i]}" = -f ] && file=\${args[i+1]}; done
    if ! denied=\$(python3 "$root/k8s/schemas/rbac_covers.py" "$root/k8s/deploy-role.yaml" "\$file"); then
      echo "Error from server (Forbidden): \$denied" >&2
      exit 1
    fi
    for f in "\$STUB"/state/*; do echo \$((\$(cat "\$f") + 1)) > "\$f"; done
    for d in builder site media promotion experiment customer checkout notifier web; do
      [ -f "\$STUB/state/\$d" ] || echo 1 > "\$STUB/state/\$d"
    done ;;
  get) [ "\${args[1]}" = deployment ] && cat "\$STUB/state/\${args[2]}" 2>/dev/null ;;
  rollout)
    case "\${args[1]}" in
      status) [ "\${args[2]}" = "deployment/\${FAIL_ROLLOUT:-}" ] && [ ! -f "\$STUB/undone" ] && exit 1 ;;
      undo) touch "\$STUB/undone"; f="\$STUB/state/\${args[2]#deployment/}"; echo \$((\$(cat "\$f") + 1)) > "\$f" ;;
    esac ;;
esac
exit 0
EOF
chmod +x "$work/bin/kubectl"

passed=0 failed=0
not() { ! "$@"; }
check() {  # NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}
# scenario NAME "existing deployments" [env...]: runs deploy.sh, sets $rc and $undone
scenario() {
  local name=$1 existing=$2 overlay=${OVERLAY:-k8s/production}; shift 2
  export STUB="$work/$name"
  mkdir -p "$STUB/state"; : >"$STUB/calls"
  for d in $existing; do echo 5 >"$STUB/state/$d"; done
  rc=0
  env PATH="$work/bin:$PATH" SMOKE_WAIT_SECS=2 "$@" \
    .github/scripts/deploy.sh "$overlay" ghcr.io/acme "$sha" >"$STUB/out" 2>&1 || rc=$?
  undone=$(sed -n 's|.*rollout undo deployment/||p' "$STUB/calls" | sort | tr '\n' ' ')
}
sha=0123456789abcdef0123456789abcdef01234567

scenario clean "builder site media promotion experiment customer checkout notifier web"
check "a clean deploy succeeds" [ "$rc" = 0 ]
check "a clean deploy undoes nothing" [ -z "$undone" ]
check "it applies once" [ "$(grep -c ' apply ' "$STUB/calls")" = 1 ]
check "it waits for every Deployment" [ "$(grep -c 'rollout status deployment/' "$STUB/calls")" = 9 ]
check "the deploy Role allows every object of the production overlay" not grep -q Forbidden "$STUB/out"

# The production overlay plus a cluster-scoped Namespace, as it once was.
cp -r k8s "$work/k8s"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: vitrine\n' >"$work/k8s/production/namespace.yaml"
sed -i 's|^  - ../base$|&\n  - namespace.yaml|' "$work/k8s/production/kustomization.yaml"
OVERLAY=$work/k8s/production scenario namespace "builder site"
check "an overlay with a Namespace is refused (Forbidden) under the deploy Role" [ "$rc" = 1 ]
check "it says Forbidden, naming the Namespace" grep -q 'Forbidden.*Namespace/vitrine' "$STUB/out"
check "then nothing waits for a rollout" [ "$(grep -c 'rollout status' "$STUB/calls")" = 0 ]

scenario rollout "builder site" FAIL_ROLLOUT=site
check "a failed rollout fails the deploy" [ "$rc" = 1 ]
check "it undoes only the Deployments that existed before" [ "$undone" = "builder site " ]

scenario smoke "builder site media promotion experiment customer checkout notifier web" SMOKE_URL=http://127.0.0.1:9
check "failed smoke requests fail the deploy" [ "$rc" = 1 ]
check "they undo every changed Deployment" [ "$undone" = "builder checkout customer experiment media notifier promotion site web " ]

export STUB="$work/render"; mkdir -p "$STUB"; : >"$STUB/calls"
out=$(PATH="$work/bin:$PATH" .github/scripts/deploy.sh --render-only k8s/production ghcr.io/acme "$sha" 2>/dev/null)
check "--render-only pins every image to the commit" \
  [ "$(grep -c "image: ghcr.io/acme/vitrine-[a-z]*:$sha\$" <<<"$out")" = "$(grep -c 'image:' <<<"$out")" ]
check "--render-only touches no cluster" [ "$(grep -vc ' kustomize ' "$STUB/calls")" = 0 ]

printf '%s sha256:%064d\n' builder 1 site 2 media 3 promotion 4 experiment 5 customer 6 checkout 7 notifier 8 web 9 >"$work/digests"
out=$(PATH="$work/bin:$PATH" IMAGE_DIGESTS="$work/digests" .github/scripts/deploy.sh --render-only k8s/production ghcr.io/acme "$sha" 2>/dev/null)
check "with IMAGE_DIGESTS every image is pinned by digest" \
  [ "$(grep -c "image: ghcr.io/acme/vitrine-[a-z]*:$sha@sha256:[0-9]\{64\}\$" <<<"$out")" = "$(grep -c 'image:' <<<"$out")" ]
check "each image gets its own service's digest" grep -q "vitrine-site:$sha@sha256:0*2\$" <<<"$out"
head -n 3 "$work/digests" >"$work/digests-short"
check "a missing digest stops the deploy" \
  not env PATH="$work/bin:$PATH" IMAGE_DIGESTS="$work/digests-short" .github/scripts/deploy.sh --render-only k8s/production ghcr.io/acme "$sha" 2>/dev/null

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
