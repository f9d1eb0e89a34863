#!/usr/bin/env bash
# `make test-dist`: installs each artifact of dist/ (`make dist`) as a user
# would, in fresh temporary places, and runs the shared vectors against the
# installed copy (from outside the repository, so that the checkout is never
# what gets imported):
#   - the manifests, names, wheel tag and license texts (check_artifacts.py);
#   - the wheel, into a fresh virtual environment;
#   - the sdist, into another, building the extension from source;
#   - the two npm tarballs, into a fresh npm project (npm.test.js);
#   - the crates, with `cargo publish --dry-run`, which builds each one as
#     the registry would receive it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
dist=${1:-$root/dist}
target=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step_started=$SECONDS
step() {
  echo "== test-dist: $*"
  step_started=$SECONDS
}
done_step() { echo "   ($((SECONDS - step_started)) s)"; }

step "the artifacts: names, wheel tag, license texts, one version"
python3 tests/dist/check_artifacts.py "$dist"
done_step

cp tests/dist/vectors.py "$work/"

step "the wheel, in a fresh virtual environment"
python3 -m venv "$work/wheel"
"$work/wheel/bin/python" -m pip install --quiet --disable-pip-version-check "$dist"/chat_autologin-*.whl
(cd "$work" && wheel/bin/python vectors.py "$root/tests/vectors")
done_step

# pip builds the sdist as it would on a user's machine (an isolated build with
# maturin from the package index), in a target directory kept between runs so
# that a second run recompiles only this project's crates.
step "the sdist, in another fresh virtual environment, built from source"
python3 -m venv "$work/sdist"
CARGO_TARGET_DIR="$target/sdist-build" "$work/sdist/bin/python" -m pip install --quiet \
  --disable-pip-version-check --no-binary chat-autologin "$dist"/chat_autologin-*.tar.gz
(cd "$work" && sdist/bin/python vectors.py "$root/tests/vectors")
done_step

step "the npm tarballs, in a fresh npm project"
DIST="$dist" node --test tests/dist/npm.test.js
done_step

# Every crate that is published, packaged and built from its package in
# dependency order; --allow-dirty so that it runs on a working copy too.
step "the crates: cargo publish --dry-run --workspace"
cargo publish --dry-run --workspace --allow-dirty --quiet
done_step

echo "test-dist: every artifact installs and passes the vectors"
