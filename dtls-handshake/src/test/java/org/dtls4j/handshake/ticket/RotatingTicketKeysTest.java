package org.dtls4j.handshake.ticket;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.dtls4j.handshake.DeterministicRandom;
import org.junit.jupiter.api.Test;

/** Rotation on the hour, and the previous key's overlap window. */
class RotatingTicketKeysTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    private final RotatingTicketKeys keys =
            new RotatingTicketKeys(new DeterministicRandom(1), Duration.ofHours(1), Duration.ofMinutes(10));

    @Test
    void oneKeySealsForTheWholePeriod() {
        TicketKey k = keys.current(START);
        assertSame(k, keys.current(START.plus(Duration.ofMinutes(59))));
        assertNotSame(k, keys.current(START.plus(Duration.ofMinutes(60))));
    }

    @Test
    void thePreviousKeyOpensForTheOverlapAfterARotation() {
        TicketKey old = keys.current(START.plusSeconds(1800));
        Instant rotated = START.plus(Duration.ofHours(1));
        assertSame(old, keys.find(old.name(), rotated.plus(Duration.ofMinutes(9))), "inside the overlap");
        TicketKey current = keys.current(rotated);
        assertSame(current, keys.find(current.name(), rotated.plus(Duration.ofMinutes(10))));
        assertNull(keys.find(old.name(), rotated.plus(Duration.ofMinutes(10))), "after the overlap");
    }

    @Test
    void aKeyTwoRotationsOldIsGone() {
        TicketKey old = keys.current(START);
        assertNull(keys.find(old.name(), START.plus(Duration.ofHours(2))));
    }

    @Test
    void anUnknownNameOpensNothing() {
        assertNotNull(keys.current(START));
        assertNull(keys.find(new byte[16], START));
    }

    @Test
    void anOverlapLongerThanTheRotationIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RotatingTicketKeys(new DeterministicRandom(1), Duration.ofMinutes(1), Duration.ofMinutes(2)));
    }
}
