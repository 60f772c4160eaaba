package org.pagerace.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pagerace.results.Json;

/**
 * One QEMU boot of {@code scripts/truth --kernel}: which kernel (the release the guest's {@code uname -r} gave,
 * and the Debian package or path it came from), under which accelerator, and where the time went: the boot's wall
 * time on the host, the part of it the racer ran (from the guest's uptime before and after), and the rest
 * (firmware, kernel boot, module loading, mounting, power-off), here called the boot time.
 */
public record GuestBoot(String label, String kernel, String source, String accel, double wallSeconds,
        double racingSeconds, double bootSeconds, int rows, int racerExit) {

    static GuestBoot fromJson(JsonNode g) {
        return new GuestBoot(g.path("label").asText(""), g.path("kernel").asText(""), g.path("package").asText(""),
                g.path("accel").asText(""), g.path("wall_seconds").asDouble(), g.path("racing_seconds").asDouble(),
                g.path("boot_seconds").asDouble(), g.path("rows").asInt(), g.path("racer_exit").asInt(-1));
    }

    /** The {@code guests} entry of {@code truth.json}. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("label", label);
        n.put("kernel", kernel);
        n.put("source", source);
        n.put("accel", accel);
        n.put("wall_seconds", wallSeconds);
        n.put("racing_seconds", racingSeconds);
        n.put("boot_seconds", bootSeconds);
        n.put("rows", rows);
        n.put("racer_exit", racerExit);
        return n;
    }
}
