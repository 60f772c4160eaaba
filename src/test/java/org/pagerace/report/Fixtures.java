package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.pagerace.results.Json;

/** The run folders under {@code src/test/resources/fixtures} (see the README there), copied for a test to change. */
final class Fixtures {
    private Fixtures() {
    }

    /** The fixture folder {@code name}, read-only. */
    static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of fixture {@code name} as {@code dir/as}. */
    static Path copy(String name, Path dir, String as) {
        Path from = fixture(name);
        Path to = dir.resolve(as);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** Applies {@code change} to the test (model, race, backing) of {@code run}'s stress.json (a seed handler id names its seed2010 model). */
    static void editTest(Path run, String convention, String race, String backing, Consumer<ObjectNode> change) {
        Path file = run.resolve("stress.json");
        try {
            JsonNode doc = Json.MAPPER.readTree(file.toFile());
            boolean found = false;
            for (JsonNode t : doc.path("tests")) {
                String model = t.path("model").asText();
                if ((model.equals(convention) || model.equals("seed2010/" + convention)) && t.path("race").asText().equals(race)
                        && t.path("backing").asText().equals(backing)) {
                    change.accept((ObjectNode) t);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no test " + convention + " " + race + " " + backing + " in " + file);
            }
            Json.MAPPER.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves {@code n} samples of {@code test} from outcome {@code from} to outcome {@code to} (samples unchanged). */
    static void move(ObjectNode test, String from, String to, long n) {
        ObjectNode outcomes = (ObjectNode) test.get("outcomes");
        long left = outcomes.path(from).asLong() - n;
        if (left < 0) {
            throw new IllegalArgumentException("only " + outcomes.path(from).asLong() + " " + from);
        }
        if (left == 0) {
            outcomes.remove(from);
        } else {
            outcomes.put(from, left);
        }
        outcomes.put(to, outcomes.path(to).asLong() + n);
    }

    /**
     * Applies {@code change} to the primary metric of the {@code FaultCostBenchmark.fault} scores of {@code run}'s
     * bench.json on {@code path} for {@code convention}.
     */
    static void editScore(Path run, String path, String convention, Consumer<ObjectNode> change) {
        Path file = run.resolve("bench.json");
        try {
            JsonNode doc = Json.MAPPER.readTree(file.toFile());
            boolean found = false;
            for (JsonNode r : doc) {
                if (r.path("benchmark").asText().endsWith("FaultCostBenchmark.fault")
                        && r.path("params").path("path").asText().equals(path)
                        && r.path("params").path("model").asText().equals(convention)) {
                    change.accept((ObjectNode) r.get("primaryMetric"));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no score " + path + " " + convention + " in " + file);
            }
            Json.MAPPER.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
