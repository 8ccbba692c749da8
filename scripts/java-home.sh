#!/usr/bin/env bash
# Prints the home of a JDK that can build and run Sluice (21 or newer; 25 preferred), or fails.
# Order: $JAVA_HOME if new enough, Temurin 25 under /usr/lib/jvm, other 25s and 21s, java on PATH.
set -uo pipefail

major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for dir in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*; do
  [ -x "$dir/bin/java" ] && candidates+=("$dir")
done
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for home in "${candidates[@]}"; do
  [ -x "$home/bin/java" ] || continue
  v="$(major "$home")"
  if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
    echo "$home"
    exit 0
  fi
done
echo "no JDK 21 or newer found (set JAVA_HOME)" >&2
exit 1
