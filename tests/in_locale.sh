#!/bin/sh
# Runs a test suite under LOCALE (LC_ALL), failing when this machine does not have it: a missing
# locale would silently fall back to C and test nothing new.
#   in_locale.sh LOCALE COMMAND [ARGS...]
locale=$1
shift
norm=$(printf '%s' "$locale" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$norm"; then
    echo "locale $locale is not installed (packaging/bootstrap.sh test makes it)" >&2
    exit 1
fi
LC_ALL=$locale LANG=$locale exec "$@"
