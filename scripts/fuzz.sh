#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of the parsers that read untrusted bytes: request bodies,
# the SSE splitter, Bedrock's event-stream reader, every provider's stream translator, and the
# config loader.
#
#   scripts/fuzz.sh [ROUNDS]     # default 1 round; CI runs one
#
# Each round fuzzes every target for 10 s (the @FuzzTest maxDuration). The corpus a round builds
# is kept in sluice-gateway/.cifuzz-corpus/ and the next round starts from it, so a long run is
# many rounds: `scripts/fuzz.sh 60` is ten minutes per target. A finding fails the run and is
# saved under sluice-gateway/src/test/resources/<package>/<Class>Inputs/<method>/, where every
# normal test run replays it: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
rounds="${1:-1}"
targets=(RequestParserFuzzTest OpenAiUsageScanFuzzTest SseSplitterFuzzTest EventStreamReaderFuzzTest StreamTranslatorFuzzTest
  ConfigLoaderFuzzTest)
for ((round = 1; round <= rounds; round++)); do
  for target in "${targets[@]}"; do
    echo "fuzz round ${round}/${rounds}: ${target}"
    JAZZER_FUZZ=1 ./mvnw -B -q -o test -pl sluice-testkit,sluice-gateway -Dtest="${target}" \
      -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "^Done [0-9]+ runs|FuzzTestFindingException|Tests run:.*FAIL" || true
    report="sluice-gateway/target/surefire-reports/TEST-$(cd sluice-gateway/src/test/java && find . -name "${target}.java" | sed 's|^\./||; s|\.java$||; s|/|.|g').xml"
    if grep -q "<failure\|<error" "${report}"; then
      echo "fuzzing found a failing input for ${target}: see ${report}" >&2
      exit 1
    fi
  done
done
