package dev.slicewise.apply;

import java.time.Duration;

/** Pauses between polls. Injected so tests advance a fake clock (and the simulated controllers) instead of sleeping. */
@FunctionalInterface
public interface Waiter {
    void sleep(Duration duration) throws InterruptedException;

    /** The real thing: {@link Thread#sleep}. */
    static Waiter threadSleep() {
        return d -> Thread.sleep(d.toMillis());
    }
}
