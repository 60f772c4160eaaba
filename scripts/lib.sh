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

pagerace() {
    java --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
}
