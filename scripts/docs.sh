#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs from the provider's own schema.
#
# tfplugindocs can only run a CLI named `terraform` from PATH, so this script builds the provider,
# asks the CLI chosen by tf-env.sh (terraform or OpenTofu) for `providers schema -json`, and hands
# that file to tfplugindocs with --providers-schema.
#
# Usage: scripts/docs.sh [--check]   --check also fails when docs/ differs from git.
set -euo pipefail
export GOTOOLCHAIN=local
cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=false
case ${1:-} in
"") ;;
--check) check=true ;;
*)
	echo "usage: $0 [--check]" >&2
	exit 2
	;;
esac

# shellcheck source=scripts/tf-env.sh
. scripts/tf-env.sh

work=$(mktemp -d)
# Markdown the resource templates include, generated from the field tables (internal/cmd/docparts).
partials=.docs-partials
trap 'rm -rf "$work" "$partials"' EXIT

# run LOGNAME CMD...: runs CMD with its output in a log that is shown only if it fails.
run() {
	local log=$work/$1.log
	shift
	if ! "$@" >"$log" 2>&1; then
		echo "docs: failed: $*" >&2
		cat "$log" >&2
		return 1
	fi
}

# The CLI finds the provider by this address in the plugin dir; tfplugindocs looks the schema up
# under registry.terraform.io/hashicorp/<provider-name>.
addr=registry.terraform.io/hashicorp/lightdash
plugin_dir=$work/plugins/$addr/0.0.1/$(go env GOOS)_$(go env GOARCH)
mkdir -p "$plugin_dir" "$work/tf"
run build go build -o "$plugin_dir/terraform-provider-lightdash_v0.0.1" .

cat >"$work/tf/main.tf" <<TF
terraform {
  required_providers {
    lightdash = {
      source = "$addr"
    }
  }
}
TF
run init "$TF_CLI" -chdir="$work/tf" init -input=false -no-color -plugin-dir="$work/plugins"
"$TF_CLI" -chdir="$work/tf" providers schema -json >"$work/schema.json"

run partials go run ./internal/cmd/docparts "$partials"
tfplugindocs=(go tool -modfile=tools/go.mod tfplugindocs)
run generate "${tfplugindocs[@]}" generate --provider-name lightdash --providers-schema "$work/schema.json"
run validate "${tfplugindocs[@]}" validate --provider-name lightdash --providers-schema "$work/schema.json"

# Links must work on the Terraform Registry, which serves docs/guides/x.md as .../docs/guides/x: other
# pages are linked by absolute URL, and an in-page link (#anchor) names an explicit <a id="anchor">
# (the Registry does not promise heading anchors; a renamed anchor would otherwise go unnoticed).
broken=
for f in docs/*.md docs/*/*.md; do
	for target in $(grep -o '](\([^)]*\))' "$f" | sed 's/^](//; s/)$//' | sort -u); do
		case $target in
		http://* | https://*) ;;
		\#*) grep -qF "<a id=\"${target#\#}\"></a>" "$f" || broken+="  $f: $target (no such anchor)"$'\n' ;;
		*) broken+="  $f: $target (relative link; use https://registry.terraform.io/providers/lightdash/lightdash/latest/docs/...)"$'\n' ;;
		esac
	done
done
if [[ -n $broken ]]; then
	printf 'docs: broken links:\n%s' "$broken" >&2
	exit 1
fi
echo "docs: generated and validated docs/" >&2

if $check; then
	changed=$(git status --porcelain -- docs)
	if [[ -n $changed ]]; then
		printf 'docs: docs/ is out of date or uncommitted; run make generate and commit:\n%s\n' "$changed" >&2
		git --no-pager diff --stat -- docs >&2
		exit 1
	fi
	echo "docs: docs/ is up to date" >&2
fi
