package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.Points;
import org.pagerace.sched.Spin;

/**
 * A sample says when each of its actors is alone, so that a delay at a named point costs time only while it can
 * still change an interleaving ({@link Spin}): with a minute's delay at every point, a sample whose actors run one
 * after the other still finishes at once, past its set-up and its first actor, and with the same outcome.
 */
class SampleWaitsTest {
    private static final long A_MINUTE = Duration.ofMinutes(1).toNanos();
    private static final String UNDELAYED = "undelayed partner";

    private static Sample sample(String model, Race race) {
        return Sample.create(Filesystems.resolve(model).create(Era.MODERN), race,
                new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    @Test
    void setUpAndTheLastActorWaitNothing() {
        Outcome serial = outcomeOfPartnerThenStore(sample("ext4@6.12", Race.PUNCH_HOLE));
        Points.install(p -> {
            if (!Thread.currentThread().getName().equals(UNDELAYED)) {
                Spin.nanos(A_MINUTE);
            }
        });
        try {
            Outcome delayed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Sample s = sample("ext4@6.12", Race.PUNCH_HOLE); // set-up: delayed at its points, alone
                Thread partner = new Thread(s::runPartner, UNDELAYED);
                partner.start();
                partner.join();
                s.runStore(); // delayed at every point, the partner done
                return s.judge();
            });
            assertEquals(serial, delayed);
        } finally {
            Points.install(null);
        }
    }

    private static Outcome outcomeOfPartnerThenStore(Sample s) {
        s.runPartner();
        s.runStore();
        return s.judge();
    }

    @Test
    void anActorIsAloneOnceTheOthersReturned() {
        Sample s = sample("ext4@6.12", Race.TRUNCATE_DOWN);
        assertFalse(s.storeAlone());
        assertFalse(s.partnerAlone());
        s.runPartner();
        assertTrue(s.storeAlone());
        assertFalse(s.partnerAlone());
        s.runStore();
        assertTrue(s.partnerAlone());
    }
}
