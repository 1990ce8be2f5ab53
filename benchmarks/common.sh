# Shared by benchmarks/jmh and benchmarks/gemm-vs-numpy (sourced, not run): finds a JDK >= 21 the
# way ./fluxion does, builds the benchmarks module when a source or pom is newer than the last
# build, and prints the machine line.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
min=21

major() { # prints the feature version of a java binary, or 0
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) + 0; found = 1; exit }
                                   END { if (!found) print 0 }'
}

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(major "$JAVA_HOME/bin/java") >= min )); then
    echo "$JAVA_HOME/bin/java"; return
  fi
  local best="" best_v=0 j v
  for j in /usr/lib/jvm/*/bin/java; do
    [[ -x "$j" ]] || continue
    v=$(major "$j")
    if (( v >= min && v > best_v )); then best="$j"; best_v=$v; fi
  done
  if [[ -z "$best" ]] && command -v java >/dev/null && (( $(major "$(command -v java)") >= min )); then
    best="$(command -v java)"
  fi
  [[ -n "$best" ]] && echo "$best"
}

require_java() { # sets JAVA or exits
  JAVA="$(find_java || true)"
  if [[ -z "$JAVA" ]]; then
    echo "$(basename "$0"): no JDK >= $min found (set JAVA_HOME, or install one)" >&2
    exit 2
  fi
}

# Builds autodiff-core, nn and benchmarks (package, not install: the classpath is this checkout's
# jars, never another checkout's snapshot in ~/.m2) when anything is newer than the stamp.
build_if_stale() {
  local stamp="$bench/target/.bench-built"
  if [[ -f "$stamp" && -z "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' \) -newer "$stamp" -print -quit)" ]]; then
    return
  fi
  if ! command -v mvn >/dev/null; then
    echo "$(basename "$0"): Maven (mvn) is needed to build the benchmarks" >&2
    exit 2
  fi
  echo "$(basename "$0"): building (mvn -pl benchmarks -am package)..." >&2
  local log
  log="$(mktemp)"
  if ! (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "$(basename "$0"): the build failed (full log: $log)" >&2
    exit 2
  fi
  rm -f "$log"
  touch "$stamp"
}

classpath() {
  echo "$bench/target/classes:$bench/target/lib/*"
}

# One line: CPU model, logical cores, JDK version, UTC date.
machine_line() {
  local cpu jdk
  cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
  jdk="$("$JAVA" -version 2>&1 | head -n 1)"
  echo "machine: ${cpu:-unknown CPU}, $(nproc) cores; JDK: $jdk ($JAVA); date: $(date -u '+%Y-%m-%d %H:%M UTC')"
}
