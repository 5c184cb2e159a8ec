#!/usr/bin/env bash
# Tests .github/scripts/deploy.sh without a cluster: a stand-in kubectl
# (kustomize is the real one) fakes Deployment revisions and rollout results,
# and records every call. Checks the paths production depends on: a clean
# deploy undoes nothing; a failed rollout undoes exactly the Deployments this
# apply changed; failed smoke requests undo them all.
#
#   .github/scripts/test-deploy.sh      (scripts/lint-workflows.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/../.."
real_kubectl=$(command -v kubectl) || { echo "test-deploy: kubectl (for kustomize) is required" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
    for f in "\$STUB"/state/*; do echo \$((\$(cat "\$f") + 1)) > "\$f"; done
    for d in builder site media promotion experiment web; do
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
check() {  # NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}
# scenario NAME "existing deployments" [env...]: runs deploy.sh, sets $rc and $undone
scenario() {
  local name=$1 existing=$2; shift 2
  export STUB="$work/$name"
  mkdir -p "$STUB/state"; : >"$STUB/calls"
  for d in $existing; do echo 5 >"$STUB/state/$d"; done
  rc=0
  env PATH="$work/bin:$PATH" SMOKE_WAIT_SECS=2 "$@" \
    .github/scripts/deploy.sh k8s/production ghcr.io/acme "$sha" >"$STUB/out" 2>&1 || rc=$?
  undone=$(sed -n 's|.*rollout undo deployment/||p' "$STUB/calls" | sort | tr '\n' ' ')
}
sha=0123456789abcdef0123456789abcdef01234567

scenario clean "builder site media promotion experiment web"
check "a clean deploy succeeds" [ "$rc" = 0 ]
check "a clean deploy undoes nothing" [ -z "$undone" ]
check "it applies once" [ "$(grep -c ' apply ' "$STUB/calls")" = 1 ]
check "it waits for every Deployment" [ "$(grep -c 'rollout status deployment/' "$STUB/calls")" = 6 ]

scenario rollout "builder site" FAIL_ROLLOUT=site
check "a failed rollout fails the deploy" [ "$rc" = 1 ]
check "it undoes only the Deployments that existed before" [ "$undone" = "builder site " ]

scenario smoke "builder site media promotion experiment web" SMOKE_URL=http://127.0.0.1:9
check "failed smoke requests fail the deploy" [ "$rc" = 1 ]
check "they undo every changed Deployment" [ "$undone" = "builder experiment media promotion site web " ]

export STUB="$work/render"; mkdir -p "$STUB"; : >"$STUB/calls"
out=$(PATH="$work/bin:$PATH" .github/scripts/deploy.sh --render-only k8s/production ghcr.io/acme "$sha" 2>/dev/null)
check "--render-only pins every image to the commit" \
  [ "$(grep -c "image: ghcr.io/acme/vitrine-[a-z]*:$sha\$" <<<"$out")" = "$(grep -c 'image:' <<<"$out")" ]
check "--render-only touches no cluster" [ "$(grep -vc ' kustomize ' "$STUB/calls")" = 0 ]

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
