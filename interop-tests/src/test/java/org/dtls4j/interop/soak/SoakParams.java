package org.dtls4j.interop.soak;

import java.time.Duration;
import java.util.Locale;

/**
 * What a soak run does, from system properties (Maven passes {@code -Dsoak.sessions=...} through
 * to the test JVM). The defaults are the bounded slice of the normal build; the {@code soak}
 * profile of this module sets 10,000 sessions for 10 minutes.
 *
 * @param sessions       sessions held at once, after the ramp ({@code soak.sessions}, 300)
 * @param minutes        how long the population is held ({@code soak.minutes}, 0.5)
 * @param lossyShare     share of sessions behind the lossy relay ({@code soak.lossyShare}, 0.2)
 * @param loss           drop probability of the relay, each way ({@code soak.loss}, 0.05)
 * @param churnPerSecond sessions that leave each second, replaced by as many new ones
 *                       ({@code soak.churn}, sessions / 100, at least 1)
 * @param ecdheShare     share of new sessions that do ECDHE-ECDSA, the rest PSK ({@code soak.ecdheShare}, 0.1)
 * @param messageMillis  mean interval between application datagrams of one session, each way
 *                       ({@code soak.messageMillis}, 2,000)
 * @param idleSeconds    the server's idle timeout; a live session never stays silent that long,
 *                       and a client that hears nothing that long counts its association lost
 *                       ({@code soak.idleSeconds}, 20)
 * @param rampInFlight   handshakes started at once while building the population ({@code soak.rampInFlight}, 200)
 * @param seed           seed of every random choice but the keys ({@code soak.seed}, 1)
 * @param heapTolerance  allowed growth of the heap after a full GC from the first mark to the end;
 *                       negative: reported, not asserted ({@code soak.heapTolerance}, -1)
 */
record SoakParams(int sessions, double minutes, double lossyShare, double loss, int churnPerSecond, double ecdheShare,
                  long messageMillis, long idleSeconds, int rampInFlight, long seed, double heapTolerance) {

    static SoakParams fromSystemProperties() {
        int sessions = (int) number("soak.sessions", 300);
        return new SoakParams(
                sessions,
                number("soak.minutes", 0.5),
                number("soak.lossyShare", 0.2),
                number("soak.loss", 0.05),
                (int) number("soak.churn", Math.max(1, sessions / 100)),
                number("soak.ecdheShare", 0.1),
                (long) number("soak.messageMillis", 2000),
                (long) number("soak.idleSeconds", 20),
                (int) number("soak.rampInFlight", 200),
                (long) number("soak.seed", 1),
                number("soak.heapTolerance", -1));
    }

    /**
     * A numeric property, or {@code otherwise} when it is not set, blank, or a Maven expression
     * the build left unresolved ({@code ${soak.churn}} when the command line did not give it).
     */
    private static double number(String name, double otherwise) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? otherwise : Double.parseDouble(v.trim());
    }

    Duration duration() {
        return Duration.ofMillis((long) (minutes * 60_000));
    }

    /** When the first heap mark is taken: minute 2 of 10, a fifth of the run in general. */
    Duration firstHeapMark() {
        return duration().dividedBy(5);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d sessions for %.1f min, %.0f %% of them behind a relay dropping %.0f %% each way, "
                        + "%d leave and %d arrive per second, %.0f %% ECDHE-ECDSA (rest PSK), a datagram every %d ms each way, "
                        + "idle timeout %d s, seed %d", sessions, minutes, lossyShare * 100, loss * 100, churnPerSecond,
                churnPerSecond, ecdheShare * 100, messageMillis, idleSeconds, seed);
    }
}
