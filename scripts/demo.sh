#!/usr/bin/env bash
# End-to-end demo against the in-memory fake Lightdash server: builds the provider and the fake,
# installs the provider from a local filesystem mirror, then runs init, apply, a plan that must be
# empty, a destroy that deletion protection must refuse, an apply that turns the protection off,
# and destroy on a copy of examples/demo/. Everything lives in a temp dir that is removed on exit,
# together with the fake server. Needs no network. Each step is announced with the time elapsed so
# far, because the first build can take minutes without printing anything.
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

step() { printf '\n==> demo [%d:%02d]: %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
fail() {
	echo "demo: FAILED: $*" >&2
	exit 1
}

# `init` installs the provider from an unpacked filesystem mirror, like a release from the registry
# (dev_overrides would make every command print a warning, and `init` would still ask the registry).
# `source = "lightdash/lightdash"` means registry.terraform.io in terraform and
# registry.opentofu.org in OpenTofu, so the mirror holds both.
platform=$(go env GOOS)_$(go env GOARCH)
bin=$work/mirror/registry.terraform.io/lightdash/lightdash/0.0.1/$platform
tofu_bin=$work/mirror/registry.opentofu.org/lightdash/lightdash/0.0.1/$platform
mkdir -p "$bin" "$tofu_bin"

step "build the provider and the fake Lightdash server (a few minutes on a cold Go build cache, seconds when warm)"
go build -o "$bin/terraform-provider-lightdash" .
# A hard link: mirrors are not searched through symlinked directories.
ln "$bin/terraform-provider-lightdash" "$tofu_bin/"
go build -o "$work/fakelightdash" ./internal/cmd/fakelightdash

step "start the fake Lightdash server"
# It prints `export LIGHTDASH_URL=…` and `export LIGHTDASH_API_KEY=…`, then closes stdout.
unset LIGHTDASH_URL LIGHTDASH_API_KEY # never fall back to a real instance from the environment
"$work/fakelightdash" -listen 127.0.0.1:0 >"$work/server.env" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
	grep -q '^export LIGHTDASH_API_KEY=' "$work/server.env" && break
	kill -0 "$server_pid" 2>/dev/null || {
		cat "$work/server.err" >&2
		fail "fake server exited before printing LIGHTDASH_URL and LIGHTDASH_API_KEY"
	}
	sleep 0.1
done
# shellcheck source=/dev/null
. "$work/server.env"
[[ -n ${LIGHTDASH_URL:-} && -n ${LIGHTDASH_API_KEY:-} ]] ||
	fail "fake server did not print LIGHTDASH_URL and LIGHTDASH_API_KEY within 10 s"
echo "fake Lightdash at $LIGHTDASH_URL" # the API key is a secret: never printed

# Only the mirror: no registry, and no provider_installation from the user's own CLI config.
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path = "$work/mirror"
  }
}
TFRC
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1
cp -R examples/demo "$work/demo"

# A lock file with the build's hash: without it, `init` warns that it could only compute the
# checksum locally. The hash is Terraform's "h1:" (Go dirhash Hash1) of the unpacked package.
h1_hash() {
	local sum=sha256sum hex
	command -v sha256sum >/dev/null || sum="shasum -a 256"
	hex=$(cd "$1" && for f in *; do printf '%s  %s\n' "$($sum <"$f" | cut -d' ' -f1)" "$f"; done | $sum | cut -d' ' -f1)
	# shellcheck disable=SC2059 # the format is the hash as \xHH escapes
	printf 'h1:%s' "$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64)"
}
# tf-env.sh sets TF_ACC_PROVIDER_HOST to OpenTofu's registry when the CLI is OpenTofu.
cat >"$work/demo/.terraform.lock.hcl" <<LOCK
provider "${TF_ACC_PROVIDER_HOST:-registry.terraform.io}/lightdash/lightdash" {
  version = "0.0.1"
  hashes  = ["$(h1_hash "$bin")"]
}
LOCK
tf() { "$TF_CLI" -chdir="$work/demo" "$@" -input=false -no-color; }
cli=${TF_CLI##*/}

step "$cli init"
tf init || fail "init"
step "$cli apply"
tf apply -auto-approve || fail "apply"
step "$cli plan (must be empty)"
rc=0
tf plan -detailed-exitcode || rc=$?
case $rc in
0) ;;
2) fail "plan after apply is not empty: the provider does not converge (see the diff above)" ;;
*) fail "plan (exit code $rc)" ;;
esac
step "$cli destroy (deletion_protection is on: must be refused)"
rc=0
tf destroy -auto-approve >"$work/destroy.out" 2>&1 || rc=$?
cat "$work/destroy.out"
((rc != 0)) || fail "destroy went through although deletion_protection is on"
grep -q "Lightdash project is protected from deletion" "$work/destroy.out" ||
	fail "destroy failed, but not because of deletion_protection (see above)"
step "$cli apply -var deletion_protection=false (no call to Lightdash)"
tf apply -auto-approve -var deletion_protection=false || fail "apply deletion_protection=false"
step "$cli destroy"
tf destroy -auto-approve -var deletion_protection=false || fail "destroy"
step "OK"
