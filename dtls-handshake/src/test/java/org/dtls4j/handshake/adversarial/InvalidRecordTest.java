package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.record.Discard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Families 10 and 11: invalid records injected into an established connection. RFC 6347 §4.1.2.7:
 * "invalid records SHOULD be silently discarded, thus preserving the association". Each is
 * discarded and counted under its reason, no alert (no datagram at all) goes out, nothing reaches
 * the application, and an application round trip works afterwards. Every AEAD of the suite table.
 *
 * <p>Family 10 is the replay window's side of it (RFC 6347 §4.1.2.6: "The receive window is updated
 * only if the MAC verification succeeds"): a forged record numbered 2^48-1 with a bad tag must not
 * move the window, or every genuine record after it would be refused as too old (OpenSSL
 * CVE-2016-2181).
 */
class InvalidRecordTest {
    static List<CipherSuite> suites() {
        return List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_PSK_WITH_AES_128_CCM, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    }

    /** An invalid record made from a genuine one (whole record bytes in, datagram out), and its reason. */
    private record Mutation(String name, Discard reason, UnaryOperator<byte[]> make) { }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("bad tag", Discard.BAD_MAC, r -> flip(r, r.length - 1)),
            new Mutation("bad explicit nonce or first ciphertext byte", Discard.BAD_MAC, r -> flip(r, 13)),
            new Mutation("header changed (type, in the additional data)", Discard.BAD_MAC, r -> withByte(r, 0, Wire.ALERT)),
            new Mutation("body shorter than nonce and tag", Discard.TOO_SHORT_FOR_CIPHER,
                    r -> Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, 1, seqOf(r), new byte[7])),
            new Mutation("length beyond the datagram", Discard.BAD_LENGTH, r -> withLength(r, r.length - 13 + 1)),
            new Mutation("unknown content type 99", Discard.UNKNOWN_CONTENT_TYPE, r -> withByte(r, 0, 99)),
            new Mutation("heartbeat content type 24, which we do not speak", Discard.UNKNOWN_CONTENT_TYPE, r -> withByte(r, 0, 24)),
            new Mutation("version DTLS 1.0 in epoch 1", Discard.BAD_VERSION, r -> withVersion(r, 0xFEFF)),
            new Mutation("version TLS 1.2", Discard.BAD_VERSION, r -> withVersion(r, 0x0303)),
            new Mutation("truncated header", Discard.TRUNCATED_HEADER, r -> Arrays.copyOf(r, 12)),
            new Mutation("over 2^14 + 2048 bytes", Discard.RECORD_OVERFLOW,
                    r -> Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, 1, seqOf(r), new byte[(1 << 14) + 2049])),
            new Mutation("retired or unknown epoch 7", Discard.UNKNOWN_EPOCH, r -> withEpoch(r, 7)),
            new Mutation("epoch 2, never to be installed", Discard.FUTURE_EPOCH, r -> withEpoch(r, 2)),
            new Mutation("replay of a delivered record", Discard.REPLAY, r -> r),
            new Mutation("forged number 2^48-1 with a bad tag (CVE-2016-2181)", Discard.BAD_MAC,
                    r -> Wire.renumbered(r, (1L << 48) - 1)));

    @ParameterizedTest
    @MethodSource("suites")
    void eachInvalidRecordIsDiscardedCountedAndSilent(CipherSuite suite) {
        Association a = Association.full(suite, Auth.SERVER, 101);
        a.handshake();
        a.assertConnected(suite.toString());
        DtlsEngine server = a.serverEngine();
        Map<Discard, Long> expected = new EnumMap<>(Discard.class);
        server.counters().recordDiscards().forEach((k, v) -> expected.put((Discard) k, v));

        for (Mutation m : MUTATIONS) {
            String context = suite + ", " + m.name();
            byte[] delivered = clientRecord(a, "genuine before " + m.name());
            server.receive(delivered, a.link.now());
            assertEquals("genuine before " + m.name(), text(server.pollApplicationData()), context);

            // Made from a record the server has not seen (its number is fresh), except the replay.
            byte[] fresh = clientRecord(a, "never delivered");
            byte[] invalid = m.make().apply(m.reason() == Discard.REPLAY ? delivered : fresh);
            server.receive(invalid, a.link.now());
            expected.merge(m.reason(), 1L, Long::sum);
            assertEquals(expected, server.counters().recordDiscards(), context + ": counted under " + m.reason());
            assertNull(server.pollApplicationData(), context + ": nothing delivered");
            assertNull(server.pollDatagram(), context + ": no alert, no answer");
            assertEquals(EngineState.CONNECTED, server.state(), context);
            assertEquals(0, server.bufferedBytes(), context + ": nothing held");

            // A truncated record at the end of a datagram does not spoil the records before it.
            byte[] next = clientRecord(a, "after " + m.name());
            server.receive(Wire.concat(next, Arrays.copyOf(invalid, Math.min(invalid.length, 12))), a.link.now());
            expected.merge(Discard.TRUNCATED_HEADER, 1L, Long::sum);
            assertEquals("after " + m.name(), text(server.pollApplicationData()), context + ": the window did not move");
        }
        assertEquals(expected, server.counters().recordDiscards());
        // Genuine traffic numbered after the forged 2^48-1 still arrives: the window never moved there.
        for (int i = 0; i < 100; i++) {
            server.receive(clientRecord(a, "later " + i), a.link.now());
            assertEquals("later " + i, text(server.pollApplicationData()));
        }
        a.roundTrip("after " + MUTATIONS.size() + " kinds of invalid record");
        Campaign.report("11 invalid records", suite + ": " + MUTATIONS.size() + " kinds, each discarded, counted "
                + "under its reason, no alert; 100 later records delivered; round trip ok");
    }

    /** The client protects an application datagram; the record is taken off its queue, not sent. */
    private static byte[] clientRecord(Association a, String text) {
        a.client.send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteBuffer b = a.client.pollDatagram();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static String text(ByteBuffer b) {
        return b == null ? null : java.nio.charset.StandardCharsets.UTF_8.decode(b).toString();
    }

    private static long seqOf(byte[] record) {
        return Wire.records(record).get(0).seq();
    }

    private static byte[] flip(byte[] r, int at) {
        byte[] out = r.clone();
        out[at] ^= 0x01;
        return out;
    }

    private static byte[] withByte(byte[] r, int at, int value) {
        byte[] out = r.clone();
        out[at] = (byte) value;
        return out;
    }

    private static byte[] withVersion(byte[] r, int version) {
        return withByte(withByte(r, 1, version >> 8), 2, version);
    }

    private static byte[] withEpoch(byte[] r, int epoch) {
        return withByte(withByte(r, 3, epoch >> 8), 4, epoch);
    }

    private static byte[] withLength(byte[] r, int length) {
        return withByte(withByte(r, 11, length >> 8), 12, length);
    }
}
