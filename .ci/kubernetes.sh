#!/usr/bin/env bash
# deploy/kubernetes rendered without a cluster and checked: the base (the monolith) and the split overlay (catalog
# in its own Deployment behind an Ingress) are rendered with `kubectl kustomize` (kustomize built into kubectl; the
# kustomize binary is not in Debian), with the committed *.env.example files standing in for the git-ignored
# secrets; validated against the Kubernetes schemas of an older and the newest version kubernetes-validate ships,
# strictly (no unknown field); then .ci/kubernetes_settings.py checks every setting they set against
# config/default.toml and loads each container's settings with the binary.
#   bash .ci/kubernetes.sh [path/to/tessera]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/tessera}
command -v kubectl >/dev/null || { echo "kubectl is needed to render the manifests (kubectl kustomize)"; exit 1; }
work=$(mktemp -d /tmp/tessera-kubernetes.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check kubernetes-validate==1.37.0

cp -r deploy/kubernetes "$work/manifests"
find "$work/manifests" -name '*.env.example' | while read -r example; do cp "$example" "${example%.example}"; done
kubectl kustomize "$work/manifests/base" > "$work/base.yaml"
kubectl kustomize "$work/manifests/overlays/split" > "$work/split.yaml"
echo "rendered: base $(grep -c '^kind:' "$work/base.yaml") objects, split $(grep -c '^kind:' "$work/split.yaml")"

for version in 1.30.0 1.37.0; do
  "$work/venv/bin/kubernetes-validate" --strict --quiet -k "$version" "$work/base.yaml" "$work/split.yaml"
  echo "kubernetes-validate --strict -k $version: valid"
done
"$work/venv/bin/python" .ci/kubernetes_settings.py --tessera "$(realpath "$bin")" "$work/base.yaml" "$work/split.yaml"
