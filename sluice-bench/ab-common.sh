# Sourced by direct-ab.sh and interleave-ab.sh (with $root and $bench set): builds the jar and its
# AOT cache when stale, sets $java, $jar and $aot (the JVM options ./sluice runs with, and the
# cache), and stops with a hint when the harness's mock upstream is not running.
ab_prepare() { # ab_prepare SCRIPT_NAME
  "$root/sluice" version >/dev/null
  "$root/scripts/aot-cache.sh"
  java="$("$root/scripts/java-home.sh")/bin/java"
  jar="$root/sluice-gateway/target/sluice.jar"
  # shellcheck disable=SC2207 # the JVM options ./sluice runs with, words without spaces
  aot=($("$root/scripts/jvm-options.sh" "$java"))
  [[ -f $root/sluice-gateway/target/sluice.aot ]] && aot+=(-XX:AOTCache="$root/sluice-gateway/target/sluice.aot")
  curl -s -o /dev/null -X POST http://127.0.0.1:18001/v1/chat/completions \
    || { echo "$1: no mock on 127.0.0.1:18001 (run $bench/run.sh --mock-only)" >&2; exit 1; }
}
