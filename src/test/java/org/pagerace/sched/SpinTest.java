package org.pagerace.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A wait inside a sample runs its full length, unless the thread has said when it is alone and it is. */
class SpinTest {
    private static final long A_MINUTE = Duration.ofMinutes(1).toNanos();

    @AfterEach
    void forget() {
        Spin.aloneWhen(null);
    }

    @Test
    void aThreadThatSaidNothingWaitsTheFullTime() {
        long start = System.nanoTime();
        Spin.nanos(2_000_000);
        assertTrue(System.nanoTime() - start >= 2_000_000);
    }

    @Test
    void aWaitEndsOnceTheOtherActorsAreDone() {
        AtomicBoolean othersDone = new AtomicBoolean();
        Thread other = new Thread(() -> {
            Spin.nanos(20_000_000);
            othersDone.set(true);
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Spin.aloneWhen(othersDone::get);
            other.start();
            long start = System.nanoTime();
            Spin.nanos(A_MINUTE);
            assertTrue(othersDone.get());
            assertTrue(System.nanoTime() - start >= 10_000_000, "it waited while the other ran");
        });
    }

    @Test
    void forgettingRestoresTheFullWait() {
        Spin.aloneWhen(() -> true);
        Spin.aloneWhen(null);
        long start = System.nanoTime();
        Spin.nanos(2_000_000);
        assertTrue(System.nanoTime() - start >= 2_000_000);
    }

    @Test
    void aDelayInjectedWhileAloneCostsNothing() {
        DelayInjection everyPointAMinute = new DelayInjection(1, A_MINUTE, 1);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Spin.aloneWhen(() -> true);
            for (int i = 0; i < 1_000; i++) {
                everyPointAMinute.delay();
            }
        });
    }
}
