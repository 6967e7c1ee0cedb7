package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.Transmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 7: datagram sizes. RFC 6347 §4.1.1.1: "each DTLS record MUST fit within a single
 * datagram" and handshake messages are fragmented to fit the PMTU (§4.2.3). For every configured
 * size from 256 to 1500 bytes (every 16th in the normal build, every one in the campaign) and every
 * suite, every datagram either side emits fits; the link drops anything larger, and nothing is
 * dropped. The largest application datagram {@link DtlsEngine#maxApplicationDataSize()} admits
 * fills the datagram to the byte, one byte more is refused; and a size changed between
 * retransmissions ({@link DtlsEngine#setMaxDatagramSize(int)}) governs the next transmission.
 */
class MtuTest {
    private static final int STEP = Campaign.size("dtls4j.mtu.step", 16, 1);
    /**
     * Certificate suites cost a signature and a chain check per handshake, so in the normal build
     * each takes every third size of the 16-byte grid, staggered so that each group of three such
     * suites covers the whole grid; the campaign runs every size for every suite.
     */
    private static final int CERTIFICATE_STRIDE = Campaign.FULL ? 1 : 3;

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void everyDatagramFitsEveryConfiguredSize(CipherSuite suite) {
        Auth auth = suite.keyExchange().usesCertificate() ? Auth.MUTUAL : Auth.SERVER;
        int stride = suite.keyExchange().usesCertificate() ? CERTIFICATE_STRIDE : 1;
        int sizes = 0;
        for (int size = 256 + STEP * (suite.ordinal() % stride); size <= 1500; size += STEP * stride) {
            int mtu = size;
            Association a = Association.full(suite, auth, size, b -> b.maxDatagramSize(mtu));
            a.link.mtu(mtu);
            a.handshake();
            String context = suite + " at " + mtu + " bytes";
            a.assertConnected(context);
            assertEquals(0, a.link.dropped(Direction.CLIENT_TO_SERVER) + a.link.dropped(Direction.SERVER_TO_CLIENT),
                    context + ": nothing was too large for the path");
            assertTrue(a.link.largestDatagram() <= mtu, context + ": largest " + a.link.largestDatagram());
            largestApplicationDatagramFillsTheDatagram(a, a.client, context + ", client");
            largestApplicationDatagramFillsTheDatagram(a, a.serverEngine(), context + ", server");
            sizes++;
        }
        Campaign.report("7 mtu", suite + ": " + sizes + " datagram sizes from 256 to 1500 (step " + STEP * stride
                + "), every datagram within the size, maxApplicationDataSize exact");
    }

    /**
     * Sends the largest allowed datagram, then one byte more. With an AEAD the record fills the
     * datagram exactly; a CBC record is padded to whole blocks with the fewest padding bytes, so it
     * ends less than a block short, and the refused byte would have needed another block.
     */
    private static void largestApplicationDatagramFillsTheDatagram(Association a, DtlsEngine from, String context) {
        DtlsEngine to = from == a.client ? a.serverEngine() : a.client;
        int max = from.maxApplicationDataSize();
        byte[] data = new byte[max];
        new Random(max).nextBytes(data);
        from.send(data);
        ByteBuffer wire = from.pollDatagram();
        int size = a.clientConfig.maxDatagramSize();
        if (from.negotiated().cipherSuite().cipher().isAead()) {
            assertEquals(size, wire.remaining(), context + ": the datagram is full to the byte");
        } else {
            assertTrue(wire.remaining() <= size && wire.remaining() > size - 16, context + ": within a block of full, "
                    + wire.remaining() + " of " + size);
        }
        byte[] copy = new byte[wire.remaining()];
        wire.get(copy);
        to.receive(copy, a.link.now());
        assertArrayEquals(data, Association.take(to), context);
        assertThrows(IllegalArgumentException.class, () -> from.send(new byte[max + 1]), context);
        assertNull(from.pollDatagram(), context + ": nothing was queued for the refused datagram");
    }

    @Test
    void aSizeChangedBetweenRetransmissionsGovernsTheNextOne() {
        Association a = Association.full(Scenario.ECDSA, Auth.MUTUAL, 71, b -> b.maxDatagramSize(1400));
        a.link.mtu(1400);
        long[] shrunkAt = {-1};
        // Flight 4 (the server's second datagram) is lost, and with it the path shrinks to 300 bytes:
        // both sides learn the new size (say from ICMP) before anything is sent again.
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                assertTrue(b.length > 300, "flight 4 was sent for the old size");
                a.serverEngine().setMaxDatagramSize(300);
                a.client.setMaxDatagramSize(300);
                a.link.mtu(300);
                shrunkAt[0] = a.link.now();
                return true;
            }
            return false;
        });
        a.handshake();
        a.assertConnected("after the path shrank");
        assertTrue(shrunkAt[0] >= 0);
        int after = 0;
        for (Transmission t : a.link.transmissions()) {
            if (t.time() > shrunkAt[0]) {
                assertTrue(t.datagram().length <= 300, "sent at " + t.time() + ": " + t.datagram().length + " bytes");
                after++;
            }
        }
        assertTrue(after >= 2, "flight 4 again and flight 5 went out after the change");
        assertEquals(1, a.link.dropped(Direction.SERVER_TO_CLIENT), "only the targeted flight was lost");
        assertEquals(0, a.link.dropped(Direction.CLIENT_TO_SERVER));
        assertEquals(300 - 13 - 24, a.client.maxApplicationDataSize(), "AES-GCM: 13-byte header, 8-byte nonce, 16-byte tag");
        a.roundTrip("at 300 bytes");
    }
}
