#!/usr/bin/env bash
# Sets up Synset Studio on Debian 12, as root, from the source tree this script lives in.
#   packaging/bootstrap.sh run    install what is missing, build, open the GUI on the default project
#   packaging/bootstrap.sh test   install what is missing, build, run every test
# Quick the second time: packages already installed are not asked for again, and the build is
# incremental.
set -euo pipefail

mode=${1:-}
case "$mode" in
    run|test) ;;
    *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SYNSET_BUILD_DIR:-$root/build}

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libgl-dev
    libqcustomplot-dev libtorch-dev libopenblas0-openmp libopencv-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev
    wordnet-base dataset-fashion-mnist
    xvfb xauth dpkg-dev file locales
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "Run as root (or install these packages first): ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The GUI suites run again under German (decimal-comma) number formatting.
if [[ $mode == test ]] && ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "Run as root (or make the locale: localedef -i de_DE -f UTF-8 de_DE.UTF-8)" >&2
        exit 1
    fi
    localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi

if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --parallel "$(nproc)"

if [[ $mode == test ]]; then
    cd "$build"
    exec ctest --output-on-failure --parallel "$(nproc)"
fi

if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    echo "Built. No display found: on a desktop session run $build/app/gui/synset-studio" >&2
    echo "(or try it headless: xvfb-run -a $build/app/gui/synset-studio)" >&2
    exit 0
fi
exec "$build/app/gui/synset-studio"
