# Sourced by ./mvnw and ./slicewise (POSIX sh). Slicewise compiles for Lambda's java21 runtime, so Maven must run
# on a JDK >= 21. Many machines default to an older `java` (Debian 12: 17) with a newer JDK installed beside it
# (e.g. Temurin under /usr/lib/jvm). Keep JAVA_HOME when it already points at a JDK >= 21; otherwise export the
# newest JDK >= 21 found on the usual paths. Prints nothing and changes nothing when none is found (Maven's
# enforcer then says what is missing).
slicewise_jdk_major() {
  # $1 = a JDK home; prints its feature version (17, 21, 25 ...) or nothing
  [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}
slicewise_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(slicewise_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  best="" bestv=0 noglob=""
  case $- in *f*) noglob=1; set +f ;; esac   # mvnw runs with `set -f`; the search below needs globbing
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    v=$(slicewise_jdk_major "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d bestv=$v; fi
  done
  [ -z "$noglob" ] || set -f
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; fi
}
slicewise_select_jdk
