#!/bin/sh
# The store behind one door: no SQL and no database handle outside core/ (widgets and the apps
# call typed functions). Fails naming each file that has any.
cd "$(dirname "$0")/.." || exit 2
found=$(grep -rlE 'project/Database\.h|\.prepare\(|\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b' widgets app)
[ -z "$found" ] && exit 0
echo "SQL outside core/: $found" >&2
exit 1
