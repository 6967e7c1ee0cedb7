package org.dtls4j.handshake.flight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.fragment.Reassembler;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.api.Test;

/** A flight becomes records of any size, and reassembles to the same messages on the other side. */
class FlightTest {

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    /** Flight 5 of a full handshake with a client certificate. */
    private static Flight clientFlight5() {
        return new Flight(List.of(
                OutgoingMessage.handshake(0, HandshakeType.CERTIFICATE.code(), 2, bytes(3000, 1)),
                OutgoingMessage.handshake(0, HandshakeType.CLIENT_KEY_EXCHANGE.code(), 3, bytes(33, 2)),
                OutgoingMessage.handshake(0, HandshakeType.CERTIFICATE_VERIFY.code(), 4, bytes(72, 3)),
                OutgoingMessage.changeCipherSpec(0),
                OutgoingMessage.handshake(1, HandshakeType.FINISHED.code(), 5, bytes(12, 4))));
    }

    @Test
    void recordsKeepEachMessagesEpochAndKind() {
        List<OutgoingRecord> records = clientFlight5().records(1200);

        // 3000 bytes in 1188-byte bodies: 3 records; then one each for CKE, CV, CCS and Finished.
        assertEquals(7, records.size());
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 1), records.stream().map(OutgoingRecord::epoch).toList());
        OutgoingRecord ccs = records.get(5);
        assertEquals(ContentTypeKind.CHANGE_CIPHER_SPEC, ccs.kind());
        assertArrayEquals(new byte[] {1}, ccs.payload());
        assertEquals(ContentTypeKind.HANDSHAKE, records.get(6).kind());
        assertEquals(org.dtls4j.record.ContentType.HANDSHAKE, records.get(6).kind().contentType());
    }

    @Property(tries = 300)
    void recordsFitTheBudgetAndReassembleToTheSameMessages(
            @ForAll @IntRange(min = 13, max = 1500) int maxRecordPayload,
            @ForAll @Size(max = 4000) byte[] certificate) throws DecodeException {
        Flight flight = new Flight(List.of(
                OutgoingMessage.handshake(0, HandshakeType.SERVER_HELLO.code(), 1, bytes(70, 5)),
                OutgoingMessage.handshake(0, HandshakeType.CERTIFICATE.code(), 2, certificate),
                OutgoingMessage.handshake(0, HandshakeType.SERVER_HELLO_DONE.code(), 3, new byte[0])));
        Reassembler peer = new Reassembler();
        peer.setNextExpectedSeq(1);
        List<HandshakeMessageBytes> received = new ArrayList<>();

        for (OutgoingRecord record : flight.records(maxRecordPayload)) {
            assertTrue(record.length() <= maxRecordPayload, record + " is over " + maxRecordPayload);
            ByteReader r = new ByteReader(record.payload());
            assertEquals(Reassembler.Outcome.ACCEPTED, peer.offer(HandshakeFragment.decode(r)));
            r.expectEmpty("one fragment per record");
            for (HandshakeMessageBytes m; (m = peer.poll()) != null; ) {
                received.add(m);
            }
        }

        assertEquals(flight.messages().stream().map(OutgoingMessage::messageBytes).toList(), received);
    }

    @Test
    void aRetransmissionInSmallerRecordsCompletesWhatTheFirstTransmissionStarted() throws DecodeException {
        Flight flight = clientFlight5();
        Reassembler peer = new Reassembler();
        peer.setNextExpectedSeq(2);
        List<OutgoingRecord> first = flight.records(1200);
        // Only the first record of the first transmission arrives.
        peer.offer(HandshakeFragment.decode(new ByteReader(first.get(0).payload())));

        int budget = Flight.fragmentBudget(1200, 3);
        for (OutgoingRecord record : flight.records(budget)) {
            if (record.kind() == ContentTypeKind.HANDSHAKE) {
                peer.offer(HandshakeFragment.decode(new ByteReader(record.payload())));
            }
        }

        for (OutgoingMessage sent : flight.messages()) {
            if (sent.isHandshake()) {
                assertEquals(sent.messageBytes(), peer.poll());
            }
        }
        assertNull(peer.poll());
    }

    @Test
    void aFlightIsImmutableAndNotEmpty() {
        List<OutgoingMessage> list = new ArrayList<>(List.of(OutgoingMessage.changeCipherSpec(0)));
        Flight flight = new Flight(list);
        list.add(OutgoingMessage.changeCipherSpec(1));

        assertEquals(1, flight.messages().size());
        assertThrows(UnsupportedOperationException.class, () -> flight.messages().add(OutgoingMessage.changeCipherSpec(0)));
        assertThrows(IllegalArgumentException.class, () -> new Flight(List.of()));
    }

    // --- fragmentBudget: RFC 6347 §4.1.1.1 back-off ---

    @Test
    void theBudgetBacksOffAfterTwoRetransmissions() {
        assertEquals(List.of(1400, 1400, 1024, 508, 508, 508),
                List.of(0, 1, 2, 3, 4, 50).stream().map(r -> Flight.fragmentBudget(1400, r)).toList());
    }

    @Test
    void theBudgetNeverExceedsTheConfiguredSize() {
        assertEquals(List.of(900, 900, 900, 508),
                List.of(0, 1, 2, 3).stream().map(r -> Flight.fragmentBudget(900, r)).toList());
        assertEquals(List.of(400, 400, 400, 400),
                List.of(0, 1, 2, 3).stream().map(r -> Flight.fragmentBudget(400, r)).toList());
    }

    @Test
    void theBudgetRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Flight.fragmentBudget(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Flight.fragmentBudget(1400, -1));
    }

    @Property(tries = 500)
    void theBudgetShrinksMonotonicallyTowardTheSafeSize(
            @ForAll @IntRange(min = 1, max = 65_507) int configured,
            @ForAll @IntRange(min = 0, max = 1000) int retransmissions) {
        int budget = Flight.fragmentBudget(configured, retransmissions);

        assertTrue(budget <= configured);
        assertTrue(budget >= Math.min(configured, Flight.SAFE_DATAGRAM_SIZE));
        assertTrue(Flight.fragmentBudget(configured, retransmissions + 1) <= budget);
    }
}
