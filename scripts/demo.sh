#!/usr/bin/env bash
# End-to-end demo against the in-memory fake Lightdash server: builds the provider and the fake,
# installs the provider through a dev_overrides CLI config, then runs init, apply, a plan that
# must be empty, a destroy that deletion protection must refuse, an apply that turns the
# protection off, and destroy on a copy of examples/demo/. Everything lives in a temp dir that is
# removed on exit, together with the fake server. Needs no network.
set -euo pipefail
export GOTOOLCHAIN=local
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/tf-env.sh
. scripts/tf-env.sh

work=$(mktemp -d)
server_pid=
cleanup() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> demo: %s\n' "$*"; }
fail() {
	echo "demo: FAILED: $*" >&2
	exit 1
}

# The provider goes into an unpacked filesystem mirror as well as dev_overrides: with only
# dev_overrides, `init` still asks the registry for lightdash/lightdash and fails offline.
platform=$(go env GOOS)_$(go env GOARCH)
bin=$work/mirror/registry.terraform.io/lightdash/lightdash/0.0.1/$platform
tofu_bin=$work/mirror/registry.opentofu.org/lightdash/lightdash/0.0.1/$platform
mkdir -p "$bin" "$tofu_bin"

step "build provider and fake Lightdash server"
go build -o "$bin/terraform-provider-lightdash" .
# A hard link: mirrors are not searched through symlinked directories.
ln "$bin/terraform-provider-lightdash" "$tofu_bin/"
go build -o "$work/fakelightdash" ./internal/cmd/fakelightdash

step "start fake Lightdash server"
"$work/fakelightdash" -listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
LIGHTDASH_URL= LIGHTDASH_API_KEY=
for _ in $(seq 100); do
	LIGHTDASH_URL=$(sed -n 's/^LIGHTDASH_URL=//p' "$work/server.out")
	LIGHTDASH_API_KEY=$(sed -n 's/^LIGHTDASH_API_KEY=//p' "$work/server.out")
	[[ -n $LIGHTDASH_URL && -n $LIGHTDASH_API_KEY ]] && break
	kill -0 "$server_pid" 2>/dev/null || {
		cat "$work/server.err" >&2
		fail "fake server exited before printing LIGHTDASH_URL and LIGHTDASH_API_KEY"
	}
	sleep 0.1
done
[[ -n $LIGHTDASH_URL && -n $LIGHTDASH_API_KEY ]] ||
	fail "fake server did not print LIGHTDASH_URL and LIGHTDASH_API_KEY within 10 s"
export LIGHTDASH_URL LIGHTDASH_API_KEY
echo "fake Lightdash at $LIGHTDASH_URL" # the API key is a secret: never printed

# `source = "lightdash/lightdash"` means registry.terraform.io in terraform and
# registry.opentofu.org in OpenTofu, so cover both.
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/lightdash/lightdash" = "$bin"
    "registry.opentofu.org/lightdash/lightdash" = "$bin"
  }
  filesystem_mirror {
    path = "$work/mirror"
  }
}
TFRC
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1
cp -R examples/demo "$work/demo"
tf() { "$TF_CLI" -chdir="$work/demo" "$@" -input=false -no-color; }

step "$TF_CLI init"
tf init || fail "init"
step "$TF_CLI apply"
tf apply -auto-approve || fail "apply"
step "$TF_CLI plan (must be empty)"
rc=0
tf plan -detailed-exitcode || rc=$?
case $rc in
0) ;;
2) fail "plan after apply is not empty: the provider does not converge (see the diff above)" ;;
*) fail "plan (exit code $rc)" ;;
esac
step "$TF_CLI destroy (deletion_protection is on: must be refused)"
rc=0
tf destroy -auto-approve >"$work/destroy.out" 2>&1 || rc=$?
cat "$work/destroy.out"
((rc != 0)) || fail "destroy went through although deletion_protection is on"
grep -q "Lightdash project is protected from deletion" "$work/destroy.out" ||
	fail "destroy failed, but not because of deletion_protection (see above)"
step "$TF_CLI apply -var deletion_protection=false (no call to Lightdash)"
tf apply -auto-approve -var deletion_protection=false || fail "apply deletion_protection=false"
step "$TF_CLI destroy"
tf destroy -auto-approve -var deletion_protection=false || fail "destroy"
step "OK"
