#!/usr/bin/env bash
# Prints the JVM options Sluice runs with on the JDK of $1 (its java binary, or its JAVA_HOME),
# read from the JDK's `release` file so that no JVM starts just to ask.
#
# --sun-misc-unsafe-memory-access=allow (JDK 23 to 25): on JDK 25 Netty turns its use of sun.misc.Unsafe
# off unless this is given (JEP 471/498 warn at the first such call otherwise), and every access to
# a direct buffer then goes through java.nio with its bounds and session checks: the HTTP codec
# reads each header byte that way. With it, Sluice's CPU per request in the bench's limits config
# fell ~10% (docs/benchmarks.md, 2026-11-29). Nothing else in Sluice uses Unsafe. Given on the JDKs
# known to accept it (23 to 25): a JDK that drops the option would refuse to start with it, so a
# newer one runs without it until checked and added here.
set -uo pipefail
home="${1:?usage: jvm-options.sh JAVA|JAVA_HOME}"
home="${home%/bin/java}"
major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)"
if [ -n "$major" ] && [ "$major" -ge 23 ] 2>/dev/null && [ "$major" -le 25 ]; then
  echo "--sun-misc-unsafe-memory-access=allow"
fi
