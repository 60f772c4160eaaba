# Shared by the scripts: the repository root, and a build of the jars when they are missing or older than the
# sources (so a fresh clone needs no separate build step).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/pagerace.jar"

ensure_built() {
    if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src" "$ROOT/native" -newer "$JAR" -type f \
            -not -path '*/build/*' -print -quit 2>/dev/null)" ]; then
        echo "building (mvn -q package -DskipTests)..." >&2
        (cd "$ROOT" && mvn -q package -DskipTests) >&2
    fi
}

# In a subshell (run_child's "$@" &, a command substitution) the JVM replaces the subshell, so that a signal sent
# to the child's pid reaches the JVM itself and not a shell that would die and leave the JVM running.
pagerace() {
    if ((BASH_SUBSHELL > 0)); then
        exec java --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
    fi
    java --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
}

# Runs "$@" in the background and waits for it; SIGINT and SIGTERM to this script are forwarded to it (and waited
# for), so that no child outlives the script. Returns the child's exit status; sets INTERRUPTED=1 after a signal.
# With SHOW_LOG=FILE set, the child's stdout goes to FILE and is shown as it comes.
INTERRUPTED=0
run_child() {
    local child shower="" rc=0
    if [ -n "${SHOW_LOG:-}" ]; then
        "$@" >"$SHOW_LOG" &
        child=$!
        tail -n +1 -F --pid="$child" "$SHOW_LOG" 2>/dev/null &
        shower=$!
    else
        "$@" &
        child=$!
    fi
    trap 'INTERRUPTED=1; kill -TERM '"$child"' 2>/dev/null || true' INT TERM
    while :; do
        rc=0
        wait "$child" || rc=$?
        kill -0 "$child" 2>/dev/null || break   # still alive: the wait was cut short by a signal
    done
    [ -z "$shower" ] || wait "$shower" 2>/dev/null || true
    trap - INT TERM
    return "$rc"
}
