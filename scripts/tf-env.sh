# shellcheck shell=bash
# Sourced (not executed) by GNUmakefile, .ci/run and the scripts in this directory. It picks the
# Terraform-compatible CLI used by the acceptance tests, docs generation and the demo:
#
#   - terraform >= 1.11 from PATH (write-only attributes need 1.11), otherwise
#   - OpenTofu built from tools/tofu/go.mod, cached in
#     ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-lightdash/tofu-<version>.
#
# TF_LIGHTDASH_CLI=tofu forces OpenTofu, TF_LIGHTDASH_CLI=terraform requires terraform.
# A TF_ACC_TERRAFORM_PATH that is already set is kept when TF_LIGHTDASH_CLI is unset.
#
# Exports TF_CLI (the chosen binary), TF_ACC_TERRAFORM_PATH (read by terraform-plugin-testing),
# CHECKPOINT_DISABLE=1 and, for OpenTofu, TF_ACC_PROVIDER_HOST/TF_ACC_PROVIDER_NAMESPACE.

_tf_env_min_minor=11 # terraform 1.x minimum minor version

# _tf_env_version BIN prints "<name> <version>" from `BIN version`, e.g. "OpenTofu 1.12.6".
_tf_env_version() {
	local out
	# No `| head`: under pipefail an early-closing reader can fail the pipeline with SIGPIPE.
	out=$("$1" version 2>/dev/null) || return 1
	[[ ${out%%$'\n'*} =~ ^(Terraform|OpenTofu)\ v([0-9]+\.[0-9]+\.[0-9]+) ]] || return 1
	printf '%s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

# _tf_env_terraform prints the path of a terraform >= 1.11 on PATH.
_tf_env_terraform() {
	local bin ver major minor
	bin=$(command -v terraform) || return 1
	ver=$(_tf_env_version "$bin") || return 1
	IFS=. read -r major minor _ <<<"${ver#* }"
	if ((major < 1 || (major == 1 && minor < _tf_env_min_minor))); then
		echo "tf-env: ignoring $bin ($ver): need terraform >= 1.$_tf_env_min_minor" >&2
		return 1
	fi
	printf '%s\n' "$bin"
}

# _tf_env_tofu ROOT prints the path of the cached OpenTofu binary, building it when missing.
_tf_env_tofu() {
	local root=$1 version cache out
	version=$(grep -m 1 -o 'github.com/opentofu/opentofu v[^ ]*' "$root/tools/tofu/go.mod")
	version=${version##* }
	[[ -n $version ]] || {
		echo "tf-env: cannot read the OpenTofu version from tools/tofu/go.mod" >&2
		return 1
	}
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-lightdash
	out=$cache/tofu-$version
	if [[ ! -x $out ]]; then
		echo "tf-env: building OpenTofu $version into $out (about 6 min on a cold cache)" >&2
		mkdir -p "$cache" || return 1
		# Build to a temporary name so an interrupted build never leaves a broken binary.
		GOTOOLCHAIN=local go build -C "$root/tools/tofu" \
			-ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
			-o "$out.tmp.$$" github.com/opentofu/opentofu/cmd/tofu &&
			mv -f "$out.tmp.$$" "$out" || {
			rm -f "$out.tmp.$$"
			echo "tf-env: building OpenTofu failed" >&2
			return 1
		}
	fi
	printf '%s\n' "$out"
}

_tf_env_main() {
	local root cli ver
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1

	# This environment may point TF_CLI_CONFIG_FILE at a missing file; tofu then prints a
	# warning on stdout, which breaks terraform-plugin-testing's version parsing.
	if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -f $TF_CLI_CONFIG_FILE ]]; then
		unset TF_CLI_CONFIG_FILE
	fi
	export CHECKPOINT_DISABLE=1

	case ${TF_LIGHTDASH_CLI:-} in
	"")
		if [[ -n ${TF_ACC_TERRAFORM_PATH:-} && -x $TF_ACC_TERRAFORM_PATH ]]; then
			cli=$TF_ACC_TERRAFORM_PATH
		else
			cli=$(_tf_env_terraform) || cli=$(_tf_env_tofu "$root") || return 1
		fi
		;;
	terraform) cli=$(_tf_env_terraform) || {
		echo "tf-env: TF_LIGHTDASH_CLI=terraform but no terraform >= 1.$_tf_env_min_minor on PATH" >&2
		return 1
	} ;;
	tofu) cli=$(_tf_env_tofu "$root") || return 1 ;;
	*)
		echo "tf-env: TF_LIGHTDASH_CLI must be empty, terraform or tofu, not '$TF_LIGHTDASH_CLI'" >&2
		return 1
		;;
	esac

	ver=$(_tf_env_version "$cli") || {
		echo "tf-env: $cli does not report a Terraform or OpenTofu version" >&2
		return 1
	}
	export TF_CLI=$cli TF_ACC_TERRAFORM_PATH=$cli
	if [[ $ver == OpenTofu* ]]; then
		# plugin-testing's default reattach address (registry.terraform.io/-) is invalid in tofu.
		export TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp
	else
		unset TF_ACC_PROVIDER_HOST TF_ACC_PROVIDER_NAMESPACE
	fi
	echo "tf-env: using $ver ($cli)" >&2
}

_tf_env_main
_tf_env_rc=$?
unset -f _tf_env_main _tf_env_version _tf_env_terraform _tf_env_tofu
unset _tf_env_min_minor
# shellcheck disable=SC2248
return $_tf_env_rc 2>/dev/null || exit $_tf_env_rc
