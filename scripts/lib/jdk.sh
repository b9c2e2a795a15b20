# Finds a JDK >= 21 and exports JAVA_HOME to it. Sourced by ./settle, ./scripts/test and .ci/run.
# Order: $JAVA_HOME if it is new enough, then the JDKs installed in the usual places (newest first).

SETTLE_JDK_MIN=21

settle_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  local release="$1/release" version
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  else
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s\n' "${version%%[.+-]*}"
}

settle_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(settle_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$SETTLE_JDK_MIN" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$candidate" ] || continue
    major=$(settle_jdk_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$SETTLE_JDK_MIN" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "settle: no JDK ${SETTLE_JDK_MIN} or newer found." >&2
    echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks." >&2
    echo "  Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# Maven's bundled Guava calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
settle_quiet_maven() {
  local major
  major=$(settle_jdk_major "$JAVA_HOME")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

settle_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "settle: Apache Maven (mvn, 3.8 or newer) is needed to build Settle and is not on PATH." >&2
    echo "  On Debian/Ubuntu: sudo apt-get install maven" >&2
    return 1
  fi
}
