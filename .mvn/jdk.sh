# Sourced by ./mvnw (and .ci/run): make JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already 21+; otherwise takes the newest JDK 21+ found on the PATH or under
# /usr/lib/jvm (Debian packages, Temurin). POSIX sh: the wrapper runs under /bin/sh.

oi_java_feature() {
  # prints the feature version (17, 21, 25...) of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

oi_pick_jdk() {
  oi_best=""
  oi_best_v=0
  oi_path_java="$(command -v java 2>/dev/null || true)"
  oi_path_home=""
  if [ -n "$oi_path_java" ]; then
    oi_path_home="$(dirname "$(dirname "$(readlink -f "$oi_path_java")")")"
  fi
  for oi_home in "${JAVA_HOME-}" "$oi_path_home" /usr/lib/jvm/*; do
    [ -n "$oi_home" ] && [ -d "$oi_home" ] || continue
    oi_v="$(oi_java_feature "$oi_home")"
    [ -n "$oi_v" ] || continue
    if [ "$oi_v" -ge 21 ] && [ "$oi_v" -gt "$oi_best_v" ]; then
      oi_best="$oi_home"
      oi_best_v="$oi_v"
    fi
    # a JAVA_HOME that already fits wins
    if [ "$oi_home" = "${JAVA_HOME-}" ] && [ "$oi_v" -ge 21 ]; then
      oi_best="$oi_home"
      break
    fi
  done
  if [ -z "$oi_best" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm)." >&2
    echo "Install one (for example Temurin 21+) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$oi_best"
  export JAVA_HOME
}

# ./mvnw runs with "set -f" (no globbing): allow globbing while we look under /usr/lib/jvm
case "$-" in *f*) oi_noglob=1 ;; *) oi_noglob=0 ;; esac
set +f
oi_pick_jdk || exit 1
[ "$oi_noglob" -eq 0 ] || set -f
