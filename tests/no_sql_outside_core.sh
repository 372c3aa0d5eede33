#!/bin/sh
# The store behind one door: widgets and the apps call typed functions (no SQL, no database
# handle), and inside core/ SQL is written only in core/project/ and the modules' store files
# (core/<module>/<Name>Store.cpp), each table's writes in one of them. Fails naming each file that
# breaks this.
cd "$(dirname "$0")/.." || exit 2
sql='\.prepare\(|\b(SELECT|INSERT (OR [A-Z]+ )?INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b'
status=0
found=$(grep -rlE "project/Database\.h|$sql" widgets app)
if [ -n "$found" ]; then
    echo "SQL outside core/: $found" >&2
    status=1
fi
found=$(grep -rlE "$sql" core --include='*.cpp' --include='*.h' | grep -vE '^core/project/|Store\.(cpp|h)$')
if [ -n "$found" ]; then
    echo "SQL in core/ outside core/project/ and the store files: $found" >&2
    status=1
fi
# One owner per table: every INSERT, UPDATE and DELETE of a table is in one file.
shared=$(grep -rnoE '(INSERT (OR [A-Z]+ )?INTO|UPDATE|DELETE FROM) [a-z_]+' core --include='*.cpp' |
    sed -E 's/:[0-9]+:(INSERT (OR [A-Z]+ )?INTO|UPDATE|DELETE FROM) / /' | sort -u |
    awk '{n[$2]++; f[$2] = f[$2] " " $1} END {for (t in n) if (n[t] > 1) print t ":" f[t]}')
if [ -n "$shared" ]; then
    echo "Tables written from more than one file: $shared" >&2
    status=1
fi
exit $status
