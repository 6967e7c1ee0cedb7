package org.dtls4j.handshake.flight;

/**
 * Decides when a repeat of the peer's flight draws our last flight again (RFC 6347 §4.2.4: "The
 * implementation reads a retransmitted flight from the peer: the implementation transitions to the
 * SENDING state, where it retransmits the flight").
 *
 * <p>The rules, in the order the {@link FlightTracker} applies them:
 * <ol>
 *   <li>At most one answer per datagram received. A peer that backed off to small datagrams
 *       (RFC 6347 §4.1.1.1) sends its flight in several, and each one that arrives is answered:
 *       under loss each answer is one more chance for ours to get through. (Answering only once per
 *       repeated flight was measured and completed fewer handshakes at 50 % loss.)</li>
 *   <li>Not a copy of a record already seen ({@link #firstSighting(int, long)}). The peer's own
 *       retransmissions are new records with new sequence numbers; a copy is the network
 *       duplicating a datagram, or someone replaying one. Epoch 0 has no replay window, so copies
 *       do reach the handshake.</li>
 *   <li>At most {@link #MAX_PER_PERIOD} answers per period (the initial retransmission timeout), so
 *       that records forged under fresh sequence numbers cannot draw our flight toward the peer
 *       without bound.</li>
 * </ol>
 *
 * <p>Never reads a clock; not thread-safe (one per connection).
 */
public final class RepeatAnswers {
    /** Answers allowed per period. */
    public static final int MAX_PER_PERIOD = 8;
    /** How many recent handshake records are remembered to recognise copies. */
    static final int REMEMBERED_RECORDS = 64;

    private final long periodNanos;
    private final long[] recent = new long[REMEMBERED_RECORDS];
    private int recentCount;
    private long periodStart;
    private int answersThisPeriod;

    /** @param periodNanos the period of the rate cap: the initial retransmission timeout */
    public RepeatAnswers(long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        this.periodNanos = periodNanos;
    }

    /**
     * True the first time a handshake record (epoch and sequence number) is seen; remembers the last
     * {@value #REMEMBERED_RECORDS}. Not a replay window: nothing is refused because of it, and a
     * forged high number hides nothing; a record seen before only draws no answer.
     */
    public boolean firstSighting(int epoch, long sequenceNumber) {
        long key = ((long) epoch << 48) | sequenceNumber;
        for (int i = 0; i < Math.min(recentCount, recent.length); i++) {
            if (recent[i] == key) {
                return false;
            }
        }
        recent[recentCount++ % recent.length] = key;
        return true;
    }

    /**
     * Takes one answer from this period's allowance at {@code nowNanos}; false when it is used up
     * (the caller then does not answer).
     */
    public boolean take(long nowNanos) {
        if (answersThisPeriod > 0 && nowNanos - periodStart >= periodNanos) {
            answersThisPeriod = 0;
        }
        if (answersThisPeriod == 0) {
            periodStart = nowNanos;
        }
        if (answersThisPeriod >= MAX_PER_PERIOD) {
            return false;
        }
        answersThisPeriod++;
        return true;
    }
}
