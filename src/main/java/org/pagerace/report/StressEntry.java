package org.pagerace.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test of a {@code stress.json}: its outcome counts (id → count, in the file's order), the bug outcomes it
 * showed and missed, its status ({@code PASS}, {@code KNOWN_BUG}, {@code MISSED_BUG}, {@code FAIL}, {@code ERROR})
 * its speed, and the bug outcomes it was graded as known for ({@code expected_bugs}: the run's own record, not
 * today's jar's); {@code samplesPerSecond} is NaN where the file has null (sanity mode).
 */
public record StressEntry(TestKey key, long samples, Map<String, Long> outcomes, List<String> bugsSeen,
        List<String> bugsMissed, String status, double samplesPerSecond, Map<String, Double> secondsToFirst,
        List<String> messages, List<String> expectedBugs) {

    public StressEntry {
        expectedBugs = List.copyOf(expectedBugs);
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        bugsSeen = List.copyOf(bugsSeen);
        bugsMissed = List.copyOf(bugsMissed);
        secondsToFirst = Map.copyOf(secondsToFirst);
        messages = List.copyOf(messages);
    }

    public long count(String outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** The fraction of samples that showed {@code outcome}; 0 when there were no samples. */
    public double rate(String outcome) {
        return samples == 0 ? 0 : (double) count(outcome) / samples;
    }
}
