# shellcheck shell=bash
# Debian packages installed where missing, with sudo unless root. Sourced by setup.sh,
# setup-tools.sh and build.sh; defines functions only.

# Prints those of the packages named that are not installed, one per line.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

# install_packages WHO WHY PKG...: installs the packages, if any, saying so on standard error as
# "WHO: installing PKG... WHY".
install_packages() {
  local who=$1 why=$2
  shift 2
  (($#)) || return 0
  echo "$who: installing $*${why:+ $why}" >&2
  local sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}
