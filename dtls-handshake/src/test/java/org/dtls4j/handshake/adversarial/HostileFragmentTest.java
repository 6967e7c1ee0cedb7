package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.Reassembler;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 9: hostile handshake fragment headers, sent to a client that waits for flight 4 as if from
 * the server (epoch 0 is unauthenticated, so anyone who can spoof the server's address can do
 * this). Each shape is dropped and counted, the genuine flight then completes the handshake, and
 * the bytes the engine holds because of one hostile datagram are measured against a budget of
 * 64 KiB ({@link org.dtls4j.handshake.engine.DtlsEngine#bufferedBytes()} before and after it).
 *
 * <p>The client has already received the first 100 bytes of the server's Certificate (message_seq
 * 2, the "first fragment" the hostile ones contradict) when the hostile datagram arrives.
 */
class HostileFragmentTest {
    static final long BUDGET = 64 * 1024;
    private static final int CERTIFICATE = 11;

    /** The genuine flight 4 of the scenario, message by message (same seeds, so the same bytes). */
    private static final List<HandshakeFragment> FLIGHT_4 = flightFour();

    private static List<HandshakeFragment> flightFour() {
        Association a = Scenario.FULL_ECDHE_ECDSA_MUTUAL.association();
        a.handshake();
        a.assertConnected("reference");
        byte[] flight = a.link.transmissions().stream().filter(t -> t.direction() == Direction.SERVER_TO_CLIENT)
                .skip(1).findFirst().orElseThrow().datagram();
        List<HandshakeFragment> out = new ArrayList<>();
        Wire.records(flight).forEach(r -> out.addAll(Wire.fragments(r.fragment())));
        out.forEach(f -> assertTrue(f.isWhole(), "flight 4 travels unfragmented at 1400 bytes"));
        return out;
    }

    private static HandshakeFragment certificate() {
        return FLIGHT_4.stream().filter(f -> f.msgType() == CERTIFICATE).findFirst().orElseThrow();
    }

    /** A hostile shape: the fragments of one datagram, and how many of them the engine must refuse. */
    enum Shape {
        /** Same message_seq as the Certificate, another length (RFC 6347 §4.2.3: the length is the same in all fragments). */
        LENGTH_DISAGREES(c -> List.of(Wire.fragment(CERTIFICATE, c.length() + 1, c.messageSeq(), 100, 50, new byte[50])), 1),
        /** Same message_seq and length, another type. */
        TYPE_DISAGREES(c -> List.of(Wire.fragment(12, c.length(), c.messageSeq(), 100, 50, new byte[50])), 1),
        /** fragment_offset + fragment_length beyond the declared length: cannot be decoded. */
        BEYOND_THE_MESSAGE(c -> List.of(Wire.fragment(CERTIFICATE, c.length(), c.messageSeq(), c.length() - 10, 20, new byte[20])), 1),
        /** A declared length of 16 MiB - 1, far above the 64 KiB cap. */
        FAR_ABOVE_THE_CAP(c -> List.of(Wire.fragment(CERTIFICATE, 0xFF_FFFF, 3, 0, 10, new byte[10])), 1),
        /** message_seq 60000, when 1 is expected. */
        FAR_AHEAD(c -> List.of(Wire.fragment(CERTIFICATE, 1000, 60_000, 0, 10, new byte[10])), 1),
        /** Sixteen headers, one per record, cycling through the shapes above. */
        SIXTEEN_IN_ONE_DATAGRAM(c -> {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                out.add(Shape.values()[i % 5].fragments.apply(c).get(0));
            }
            return out;
        }, 16),
        /**
         * Sixteen headers that are each acceptable: 1-byte fragments of 64000-byte messages at
         * message_seq 7 and 8, which the window allows and this handshake never uses (flight 4 is
         * 1 to 5, the server's Finished 6). Nothing is wrong with any one of them; the reassembly
         * buffer cap is what bounds them. (At a message_seq the server will use, a hostile first
         * fragment stalls the handshake: {@link #aHostileFirstFragmentCanOnlyStallTheHandshake}.)
         */
        SIXTEEN_LARGE_DECLARATIONS(c -> {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                out.add(Wire.fragment(CERTIFICATE, 64_000, 7 + i % 2, 1000 * i, 1, new byte[] {(byte) i}));
            }
            return out;
        }, -1);

        final Function<HandshakeFragment, List<byte[]>> fragments;
        /** Fragments refused, or -1 where acceptance depends on the caps. */
        final int refused;

        Shape(Function<HandshakeFragment, List<byte[]>> fragments, int refused) {
            this.fragments = fragments;
            this.refused = refused;
        }
    }

    /** The genuine first 100 bytes of the Certificate, as the server might have sent them. */
    private static byte[] certificateStart(long seq) {
        HandshakeFragment c = certificate();
        byte[] part = Arrays.copyOf(c.body(), 100);
        return Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, seq,
                Wire.encode(new HandshakeFragment(CERTIFICATE, c.length(), c.messageSeq(), 0, part)));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void eachHostileShapeIsDroppedAndTheHandshakeCompletes(Shape shape) {
        Association a = Scenario.FULL_ECDHE_ECDSA_MUTUAL.association();
        long[] held = new long[3];
        long[] refused = new long[2];
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                // Record numbers 40 on: above the server's, so the epoch-0 replay window is undisturbed.
                a.client.receive(certificateStart(40), a.link.now());
                held[0] = a.client.bufferedBytes();
                refused[0] = a.client.counters().badFragments();
                List<byte[]> records = new ArrayList<>();
                long seq = 41;
                for (byte[] f : shape.fragments.apply(certificate())) {
                    records.add(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, seq++, f));
                }
                a.client.receive(Wire.datagram(records), a.link.now());
                held[1] = a.client.bufferedBytes();
                refused[1] = a.client.counters().badFragments();
                assertEquals(EngineState.HANDSHAKING, a.client.state(), "hostile fragments are not fatal");
            }
            return false;
        });
        a.handshake();
        a.assertConnected(shape.toString());
        long retained = held[1] - held[0];
        if (shape.refused >= 0) {
            assertEquals(shape.refused, refused[1] - refused[0], shape + ": refused and counted");
            assertEquals(0, retained, shape + ": a refused fragment holds nothing");
        }
        assertTrue(retained <= BUDGET, shape + ": one datagram made the engine hold " + retained + " bytes");
        assertEquals(0, a.client.bufferedBytes(), "nothing held once the handshake is done");
        Campaign.report("9 hostile fragments", shape + ": " + (refused[1] - refused[0]) + " refused, "
                + retained + " bytes held because of the datagram (budget " + BUDGET + ")");
    }

    /**
     * Why the engine caps reassembly at 64 KiB in all rather than the reassembler's default 128 KiB:
     * buffers are taken at the declared length, so the sixteen large declarations of one datagram
     * hold what the total cap allows. Measured on bare reassemblers, for the record.
     */
    @Test
    void theTotalCapIsWhatOneDatagramOfLargeDeclarationsCanHold() {
        List<HandshakeFragment> hostile = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            hostile.add(new HandshakeFragment(CERTIFICATE, 64_000, 1 + i % 8, 1000 * i, new byte[] {(byte) i}));
        }
        for (int total : new int[] {Reassembler.Limits.DEFAULT_MAX_BUFFERED_BYTES, (int) BUDGET}) {
            Reassembler r = new Reassembler(new Reassembler.Limits(Reassembler.Limits.DEFAULT_MAX_MESSAGE_LENGTH, total,
                    Reassembler.Limits.DEFAULT_MAX_MESSAGES_AHEAD, Reassembler.Limits.DEFAULT_MAX_RANGES_PER_MESSAGE));
            hostile.forEach(r::offer);
            assertEquals(total / 64_000 * 64_000, r.bufferedBytes());
            Campaign.report("9 hostile fragments", "sixteen 64000-byte declarations in one datagram, total cap " + total
                    + ": " + r.bufferedBytes() + " bytes held");
        }
    }

    /**
     * The first fragment of a message fixes its type and length; a hostile fragment that comes
     * first therefore makes the genuine message inconsistent, and the handshake cannot complete.
     * OpenSSL (dtls1_reassemble_fragment) and Bouncy Castle (DTLSReassembler) keep the first
     * fragment too. Epoch 0 is unauthenticated: whoever can spoof the peer's address can also
     * answer with a forged ServerHello. What matters is the ending: a timeout, never a handshake
     * with a message the server did not send.
     */
    @Test
    void aHostileFirstFragmentCanOnlyStallTheHandshake() {
        Association a = Scenario.FULL_ECDHE_ECDSA_MUTUAL.association();
        HandshakeFragment c = certificate();
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                a.client.receive(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, 40,
                        Wire.fragment(CERTIFICATE, c.length() + 1, c.messageSeq(), 0, 10, new byte[10])), a.link.now());
            }
            return false;
        });
        a.handshake(60 * Association.SECOND, 10_000);
        assertEquals(EngineState.FAILED, a.client.state());
        assertTrue(a.client.failure() instanceof DtlsTimeoutException, () -> String.valueOf(a.client.failure()));
        assertTrue(a.client.counters().badFragments() > 0, "the genuine Certificate was refused as inconsistent");
    }
}
