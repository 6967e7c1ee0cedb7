package org.dtls4j.handshake.ticket;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Ticket keys for one process, made in memory and rotated on a fixed schedule: a new random key
 * seals the tickets of each rotation period, and the key of the period before still opens tickets
 * for {@code overlap} after the rotation. A ticket under that previous key resumes and is issued
 * again under the current one (the server renews it); after the overlap it falls back to a full
 * handshake. Nothing outlives the process: a fleet, or a server that restarts, shares keys through
 * a source that reads them from outside (the transport's ticket key file).
 *
 * <p>Periods are counted from the Unix epoch, so rotations fall on the same instants whatever
 * time the process started. A key is made at the first use in its period. Thread-safe.
 */
public final class RotatingTicketKeys implements TicketKeys {
    private final SecureRandom random;
    private final long rotationMillis;
    private final long overlapMillis;
    private TicketKey current;
    private long currentPeriod = Long.MIN_VALUE;
    private TicketKey previous;
    /** When {@link #previous} stops opening tickets, in epoch milliseconds. */
    private long previousRetiresAt;

    /**
     * @param rotation how long one key seals tickets
     * @param overlap  how long the previous key still opens them after a rotation: 0 to {@code rotation}
     */
    public RotatingTicketKeys(SecureRandom random, Duration rotation, Duration overlap) {
        if (rotation.toMillis() < 1) {
            throw new IllegalArgumentException("rotation must be at least 1 ms, was " + rotation);
        }
        if (overlap.isNegative() || overlap.compareTo(rotation) > 0) {
            throw new IllegalArgumentException("overlap must be 0 to the rotation period (" + rotation + "), was " + overlap);
        }
        this.random = random;
        this.rotationMillis = rotation.toMillis();
        this.overlapMillis = overlap.toMillis();
    }

    @Override
    public synchronized TicketKey current(Instant now) {
        long period = Math.floorDiv(now.toEpochMilli(), rotationMillis);
        if (period > currentPeriod) {
            boolean adjacent = current != null && period == currentPeriod + 1;
            previous = adjacent ? current : null;
            previousRetiresAt = period * rotationMillis + overlapMillis;
            current = TicketKey.generate(random);
            currentPeriod = period;
        }
        return current;
    }

    @Override
    public synchronized TicketKey find(byte[] keyName, Instant now) {
        TicketKey c = current(now);
        if (c.isNamed(keyName)) {
            return c;
        }
        if (previous != null && previous.isNamed(keyName) && now.toEpochMilli() < previousRetiresAt) {
            return previous;
        }
        return null;
    }

    @Override
    public String toString() {
        return "RotatingTicketKeys[rotation=" + Duration.ofMillis(rotationMillis) + ", overlap="
                + Duration.ofMillis(overlapMillis) + "]";
    }
}
