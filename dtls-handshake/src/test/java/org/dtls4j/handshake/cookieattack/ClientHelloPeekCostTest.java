package org.dtls4j.handshake.cookieattack;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.handshake.cookie.ClientHelloPeek;
import org.junit.jupiter.api.Test;

/**
 * What {@link ClientHelloPeek} costs in memory. The transport peeks at every datagram from a known
 * peer, application data above all, where it used to compare four bytes; that path must allocate
 * nothing at all. A ClientHello may cost its answer and a few readers, never its own bytes.
 */
class ClientHelloPeekCostTest {
    private static final System.Logger LOG = System.getLogger(ClientHelloPeekCostTest.class.getName());
    private static final int CALLS = 100_000;

    @Test
    void applicationDataCostsNothing() {
        byte[] appData = Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, 1, 7, new byte[1200]);
        byte[] epochOne = Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 1, 7, new byte[40]);
        for (byte[] d : new byte[][] {appData, new byte[5], epochOne}) {
            peekMany(d); // warm-up, so that only the steady state is counted
        }
        long bytes = allocatedDuring(appData) + allocatedDuring(new byte[5]);
        LOG.log(System.Logger.Level.INFO, "peeking at " + 2 * CALLS + " non-handshake datagrams allocated " + bytes + " bytes");
        // the counter's own reflective calls allocate a little; one byte per peek would be 200 KB
        assertTrue(bytes < 4096, bytes + " bytes");
    }

    @Test
    void aClientHelloCostsAFewSmallObjectsAndNoCopy() {
        byte[] hello = Wire.datagram(Wire.hello(3).withCookie(new byte[255]));
        assertNotNull(ClientHelloPeek.of(hello, 0, hello.length));
        assertNull(ClientHelloPeek.of(hello, 0, hello.length - 1));
        peekMany(hello);
        long perPeek = allocatedDuring(hello) / CALLS;
        LOG.log(System.Logger.Level.INFO, "peeking at a " + hello.length + "-byte ClientHello: " + perPeek + " bytes per peek");
        // the answer (about 40 bytes) and at most the readers and headers (about 150 more) if the JIT
        // keeps them; a copy of the 255-byte cookie alone would exceed this
        assertTrue(perPeek <= 256, perPeek + " bytes per peek");
    }

    private static long allocatedDuring(byte[] d) {
        long before = Memory.allocatedByThisThread();
        peekMany(d);
        return Memory.allocatedByThisThread() - before;
    }

    private static int peekMany(byte[] d) {
        int yes = 0;
        for (int i = 0; i < CALLS; i++) {
            if (ClientHelloPeek.of(d, 0, d.length) != null) {
                yes++;
            }
        }
        return yes;
    }
}
