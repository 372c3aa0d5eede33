#!/usr/bin/env bash
# Sets up Synset Studio on Debian 12, as root, from the source tree this script lives in.
#   packaging/bootstrap.sh run    install what is missing, build, open the GUI on the default project
#   packaging/bootstrap.sh test   install what is missing, build, run every test
#   packaging/bootstrap.sh sanitize
#                                 the test suite again in an AddressSanitizer + UBSan build
#                                 (build-sanitize/), then every fuzz target for a short fixed time
#                                 (clang, build-fuzz/; SYNSET_FUZZ_SECONDS, 20 by default)
# Quick the second time: packages already installed are not asked for again, and the build is
# incremental.
set -euo pipefail

mode=${1:-}
case "$mode" in
    run|test|sanitize) ;;
    *) echo "usage: $0 run|test|sanitize" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SYNSET_BUILD_DIR:-$root/build}

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libgl-dev
    libqcustomplot-dev libtorch-dev libopenblas0-openmp libopencv-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev
    libgloo-dev
    wordnet-base dataset-fashion-mnist
    xvfb xauth dpkg-dev file locales
)
# The tests start a one-node Slurm (slurm-wlm, munge) and launch ranks through torchrun
# (python3-torch).
if [[ $mode != run ]]; then
    packages+=(slurm-wlm munge python3-torch)
fi
if [[ $mode == sanitize ]]; then
    packages+=(clang libclang-rt-14-dev llvm)
fi
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
if [[ $mode != run ]] && ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "Run as root (or make the locale: localedef -i de_DE -f UTF-8 de_DE.UTF-8)" >&2
        exit 1
    fi
    localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi

if [[ $mode == sanitize ]]; then
    sanitize_build=${SYNSET_SANITIZE_BUILD_DIR:-$root/build-sanitize}
    fuzz_build=${SYNSET_FUZZ_BUILD_DIR:-$root/build-fuzz}
    if [[ ! -f $sanitize_build/CMakeCache.txt ]]; then
        # -O1 and line tables only: a quicker build, and stacks that still name every line.
        cmake -S "$root" -B "$sanitize_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSYNSET_SANITIZE="address;undefined" \
            -DSYNSET_BUILD_BENCH=OFF
    fi
    cmake --build "$sanitize_build" --parallel "$(nproc)"
    # LibTorch, Qt and OpenBLAS are not instrumented: vectors they fill look overflowed to ASan
    # (container-overflow), and their one-time allocations are kept for the process's life.
    export ASAN_OPTIONS=detect_container_overflow=0:detect_leaks=1:abort_on_error=1:strict_string_checks=1
    export LSAN_OPTIONS=suppressions=$root/packaging/lsan.supp:print_suppressions=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    (cd "$sanitize_build" && ctest --output-on-failure --parallel "$(nproc)")
    if [[ ! -f $fuzz_build/CMakeCache.txt ]]; then
        cmake -S "$root/fuzz" -B "$fuzz_build" -G Ninja -DCMAKE_CXX_COMPILER=clang++
    fi
    cmake --build "$fuzz_build" --parallel "$(nproc)"
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
    exec "$root/fuzz/run.sh" "$fuzz_build" "${SYNSET_FUZZ_SECONDS:-20}"
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
