#!/usr/bin/env bash
# The one command: finds a JDK 21+, builds, then runs the measurement (profiles, verification, every cell,
# the results folder, the summary). All the logic is in Java: ./scripts/run-all.sh --help describes it.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
find_jdk
ensure_built
ensure_wrk
ensure_mariadb
ensure_fastapi
harness_jvm_options
cd "$BLOCKLAB_ROOT"
exec "$JAVA_HOME/bin/java" "${HARNESS_JVM_OPTIONS[@]}" -cp "$BLOCKLAB_JAR" dev.blocklab.cli.RunAllCommand "$@"
