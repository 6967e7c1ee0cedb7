package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Family 19: AEAD nonces over a long association. An AEAD nonce used twice under one key gives
 * away the authentication key (GCM) or the XOR of two plaintexts; pion CVE-2026-26014 drew nonces
 * at random. Here every epoch-1 record the client emits is checked: for GCM and CCM the explicit
 * nonce on the wire (bytes 13..20 of the record) equals the record's epoch || sequence_number
 * (bytes 3..10 of the header; RFC 5288 §3 "The nonce_explicit MAY be the 64-bit sequence number",
 * RFC 6655 §3 for CCM), and the sequence numbers strictly increase, so no (key, nonce) pair
 * repeats; for ChaCha20-Poly1305 the nonce is derived from the sequence number (RFC 7905 §2), so the
 * strictly increasing numbers are the check, and the fragment carries no explicit nonce. A sample
 * of the records is opened by the server, which proves the nonce on the wire is the one used.
 *
 * <p>10^5 records per suite in the normal build, 10^6 in the campaign, 16-byte payloads.
 */
class NonceTest {
    private static final int RECORDS = Campaign.size("dtls4j.nonce.records", 100_000, 1_000_000);
    private static final int SAMPLE = 997;

    static List<CipherSuite> suites() {
        return List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_PSK_WITH_AES_128_CCM, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void noNonceRepeatsAndEachExplicitNonceIsTheEpochAndSequenceNumber(CipherSuite suite) {
        Association a = Association.full(suite, Auth.SERVER, 191);
        a.handshake();
        a.assertConnected(suite.toString());
        DtlsEngine server = a.serverEngine();
        boolean explicit = suite.cipher().recordIvLength() > 0;
        int expansion = suite.cipher().expansion();
        Checker checker = new Checker(explicit, expansion);

        // The handshake's epoch-1 records (the Finished, any retransmission) count too.
        a.link.transmissions().stream().filter(t -> t.direction() == Direction.CLIENT_TO_SERVER)
                .forEach(t -> Wire.records(t.datagram()).forEach(checker::check));
        byte[] payload = new byte[16];
        int opened = 0;
        for (int i = 0; i < RECORDS; i++) {
            payload[0] = (byte) i;
            payload[1] = (byte) (i >> 8);
            payload[2] = (byte) (i >> 16);
            a.client.send(payload);
            ByteBuffer b = a.client.pollDatagram();
            byte[] record = new byte[b.remaining()];
            b.get(record);
            checker.check(Wire.records(record).get(0));
            if (i % SAMPLE == 0 || i == RECORDS - 1) {
                server.receive(record, a.link.now());
                ByteBuffer got = server.pollApplicationData();
                byte[] plain = new byte[got.remaining()];
                got.get(plain);
                assertArrayEquals(payload, plain, "record " + i + " opens with the nonce on the wire");
                opened++;
            }
        }
        assertEquals(RECORDS + 1, checker.count, "every application record and the Finished");
        Campaign.report("19 nonces", suite + ": " + checker.count + " epoch-1 records, sequence numbers strictly "
                + "increasing (last " + checker.last + "), " + (explicit ? "explicit nonce = epoch||seq on every record"
                : "no explicit nonce, nonce derived from the sequence number") + "; " + opened + " opened by the peer");
    }

    /** Checks records one by one, in emission order, without keeping them. */
    private static final class Checker {
        private final boolean explicit;
        private final int expansion;
        private long last = -1;
        private int count;

        Checker(boolean explicit, int expansion) {
            this.explicit = explicit;
            this.expansion = expansion;
        }

        void check(Wire.Rec r) {
            if (r.epoch() != 1) {
                return;
            }
            assertTrue(r.seq() > last, "sequence number " + r.seq() + " after " + last + ": a nonce would repeat");
            last = r.seq();
            count++;
            byte[] bytes = r.bytes();
            if (explicit) {
                assertArrayEquals(Arrays.copyOfRange(bytes, 3, 11), Arrays.copyOfRange(bytes, 13, 21),
                        "explicit nonce of record " + r.seq() + " is epoch || sequence_number");
            }
            assertTrue(bytes.length - 13 >= expansion, "the fragment holds the nonce and tag");
        }
    }
}
