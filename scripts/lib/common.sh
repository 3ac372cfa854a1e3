# shellcheck shell=bash
# Sourced by blocklab's scripts: finds a JDK 21+ and builds the tool when its sources changed.
# Thin on purpose: everything else lives in Java.

BLOCKLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BLOCKLAB_JAR="$BLOCKLAB_ROOT/cli/target/blocklab.jar"
BLOCKLAB_BENCHMARKS_JAR="$BLOCKLAB_ROOT/benchmarks/target/benchmarks.jar"

# Prints the feature version (21, 25, ...) of the JDK at $1, or nothing.
jdk_feature() {
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

# Exports JAVA_HOME as a JDK 21+: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm; and its feature
# version as JAVA_FEATURE, for the options that depend on it.
find_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then export JAVA_HOME JAVA_FEATURE="$v"; return 0; fi
    echo "blocklab: JAVA_HOME=$JAVA_HOME is not a JDK 21+; looking in /usr/lib/jvm" >&2
  fi
  local best="" best_v=0 dir
  for dir in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -d "$dir" ] || continue
    v=$(jdk_feature "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "blocklab: no JDK 21 or newer found (checked JAVA_HOME and /usr/lib/jvm); install one and set JAVA_HOME" >&2
    exit 3
  fi
  export JAVA_HOME="$best" JAVA_FEATURE="$best_v"
}

# The JVM options of the harness: on JDK 23+ JMH's use of sun.misc.Unsafe prints a warning block on every run;
# allowing it is the documented way to keep the progress output readable (JEP 471).
harness_jvm_options() {
  HARNESS_JVM_OPTIONS=()
  if [ "$JAVA_FEATURE" -ge 23 ]; then HARNESS_JVM_OPTIONS+=(--sun-misc-unsafe-memory-access=allow); fi
}

# Builds the jars when one is missing or older than any source or build file. Looks only at the modules' sources
# and poms (not target/, results/ or .git): it runs before every command, so it must stay cheap.
ensure_built() {
  local oldest="$BLOCKLAB_JAR"
  [ "$BLOCKLAB_BENCHMARKS_JAR" -ot "$oldest" ] && oldest="$BLOCKLAB_BENCHMARKS_JAR"
  if [ -f "$BLOCKLAB_JAR" ] && [ -f "$BLOCKLAB_BENCHMARKS_JAR" ] && [ -z "$(find "$BLOCKLAB_ROOT"/pom.xml \
      "$BLOCKLAB_ROOT"/*/pom.xml "$BLOCKLAB_ROOT"/*/src/main -newer "$oldest" -print -quit)" ]; then
    return 0
  fi
  echo "blocklab: building (./mvnw -B -q package -DskipTests)..." >&2
  (cd "$BLOCKLAB_ROOT" && ./mvnw -B -q package -DskipTests) >&2 || { echo "blocklab: build failed" >&2; exit 1; }
}

# Installs a Debian package when its command is missing and this user may (root, or sudo without a password).
# $1 command, $2 package, $3 what it is for; returns 1 when it is still missing.
ensure_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    echo "blocklab: installing $2 (apt-get), $3" >&2
    if $sudo apt-get update -qq >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; then
      return 0
    fi
  fi
  return 1
}

# The harness floor's calibration compares JMH with wrk; without it a calibration records the floor as not measured.
ensure_wrk() {
  ensure_package wrk wrk "the reference of the harness-floor calibration" \
    || echo "blocklab: wrk is not installed (apt-get install wrk); a calibration will record the harness floor as not measured" >&2
}

# The mariadb scenario starts Debian's MariaDB server (no Maven artifact carries its binaries); without it that scenario
# is skipped with its reason and the rest of the run goes on. mariadbd lives in /usr/sbin, which a user's PATH may lack.
ensure_mariadb() {
  PATH="$PATH:/usr/sbin" command -v mariadbd >/dev/null 2>&1 && return 0
  if PATH="$PATH:/usr/sbin" ensure_package mariadbd mariadb-server "the MariaDB of the mariadb scenario (the seed's MySQL row)"; then
    # The package starts a system MariaDB where systemd runs: it would sit on the machine through every measurement.
    if command -v systemctl >/dev/null 2>&1; then
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
      $sudo systemctl disable --now mariadb >/dev/null 2>&1 || true
    fi
    return 0
  fi
  echo "blocklab: MariaDB is not installed (apt-get install mariadb-server); the mariadb scenario will be skipped" >&2
}

# The FastAPI edition runs in its own virtual environment under target/, installed from its hashed lock file (no
# system-wide pip), and again whenever the lock changes. Exports where it is for the harness, or why it is not: then the
# edition's cells are recorded as not measured, with that reason, and the JVM run goes on.
ensure_fastapi() {
  local edition="$BLOCKLAB_ROOT/editions/fastapi" venv="$BLOCKLAB_ROOT/target/fastapi-venv" python=""
  export BLOCKLAB_FASTAPI_APP="$edition/blocklab_fastapi.py" BLOCKLAB_FASTAPI_PYTHON="$venv/bin/python"
  unset BLOCKLAB_FASTAPI_UNAVAILABLE
  if [ -x "$venv/bin/python" ] && cmp -s "$edition/requirements.lock" "$venv/blocklab-installed.lock"; then return 0; fi
  for candidate in python3 python3.13 python3.12 python3.11 python3.10; do
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then
      python="$candidate"; break
    fi
  done
  if [ -z "$python" ]; then
    fastapi_unavailable "no Python 3.10+ with venv found (apt-get install python3 python3-venv)"; return 0
  fi
  echo "blocklab: installing the FastAPI edition into target/fastapi-venv (pip, hashed lock file)..." >&2
  mkdir -p "$BLOCKLAB_ROOT/target"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    fastapi_unavailable "$python -m venv failed (apt-get install python3-venv)"; return 0
  fi
  local log="$BLOCKLAB_ROOT/target/fastapi-pip.log"
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 1 --timeout 15 --no-deps \
      --require-hashes -r "$edition/requirements.lock" >"$log" 2>&1; then
    fastapi_unavailable "pip install of editions/fastapi/requirements.lock failed ($(grep -m1 ERROR "$log" || tail -n1 "$log"))"
    rm -rf "$venv"; return 0
  fi
  cp "$edition/requirements.lock" "$venv/blocklab-installed.lock"
}

fastapi_unavailable() {
  export BLOCKLAB_FASTAPI_UNAVAILABLE="$1"
  echo "blocklab: the FastAPI edition is skipped: $1" >&2
}
