package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.pagerace.results.Json;

/** The environment of a run, from its env.json. */
final class EnvSection {
    private EnvSection() {
    }

    static void add(ReportDoc doc, RunData run) {
        if (run.env().isEmpty()) {
            doc.text("No env.json in this run folder.");
            return;
        }
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        JsonNode env = Json.MAPPER.valueToTree(run.env().get());
        env.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("schema")) {
                rows.add(List.of(ReportDoc.Cell.of(e.getKey()),
                        ReportDoc.Cell.of(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
            }
        });
        doc.table(List.of("fact", "value"), rows);
    }

    /** {@code host, kernel K, fs F, mode M, commit C}. */
    static String oneLine(RunData run) {
        if (run.env().isEmpty()) {
            return "no env.json";
        }
        String commit = run.env("git_commit");
        return run.env("host") + ", kernel " + run.env("kernel") + ", " + run.env("fs_type") + ", " + run.env("mode")
                + ", commit " + (commit.length() > 12 ? commit.substring(0, 12) : commit) + ", " + run.env("time_utc");
    }
}
