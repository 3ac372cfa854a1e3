#!/usr/bin/env bash
# The tests: finds a JDK 21+ (JAVA_HOME, else /usr/lib/jvm), installs MariaDB's server when missing and the FastAPI
# edition's virtual environment (the tests start the real ones), then ./mvnw -B verify with any extra arguments.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
find_jdk
ensure_mariadb
ensure_fastapi
cd "$BLOCKLAB_ROOT"
exec ./mvnw -B verify "$@"
