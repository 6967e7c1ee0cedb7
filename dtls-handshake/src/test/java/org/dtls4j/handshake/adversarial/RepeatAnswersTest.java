package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.handshake.flight.RepeatAnswers;
import org.junit.jupiter.api.Test;

/** The rule for answering repeats of the peer's flight, on its own (the engine-level tests are in FinalFlightTest). */
class RepeatAnswersTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRecordIsNewOnceAndTheLastSixtyFourAreRemembered() {
        RepeatAnswers r = new RepeatAnswers(SECOND);
        assertTrue(r.firstSighting(0, 5));
        assertFalse(r.firstSighting(0, 5), "the same record again is a copy");
        assertTrue(r.firstSighting(1, 5), "another epoch, another record");
        assertTrue(r.firstSighting(0, (1L << 48) - 1));
        for (int i = 0; i < 64; i++) {
            assertTrue(r.firstSighting(0, 1000 + i));
        }
        assertTrue(r.firstSighting(0, 5), "forgotten after 64 newer records");
    }

    @Test
    void atMostEightAnswersPerPeriodAndThePeriodStartsWithTheFirst() {
        RepeatAnswers r = new RepeatAnswers(SECOND);
        long t = 7 * SECOND;
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += r.take(t + i * 9_000_000L) ? 1 : 0;
        }
        assertEquals(RepeatAnswers.MAX_PER_PERIOD, granted, "within the first second");
        assertTrue(r.take(t + SECOND), "a new period a full period after the first answer");
        assertThrows(IllegalArgumentException.class, () -> new RepeatAnswers(0));
    }
}
