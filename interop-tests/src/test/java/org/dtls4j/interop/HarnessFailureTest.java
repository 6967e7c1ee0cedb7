package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failing case must explain itself (the OpenSSL output in the message) and leave no process behind. */
@Timeout(60)
class HarnessFailureTest {

    @Test
    void aFailedCaseCarriesOpenSslsOutputAndReapsTheProcess() {
        AtomicReference<OpenSslPeer> started = new AtomicReference<>();
        // A server that only accepts an RSA suite, facing a JDK client that offers only ECDSA.
        PeerFactory rsaOnlyOpenSsl = new PeerFactory() {
            @Override
            public String name() {
                return "openssl-rsa-only";
            }

            @Override
            public DtlsPeer server(InteropCase c) throws IOException {
                InteropCase rsa = InteropCase.of(c.client(), c.server(), Suite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
                started.set(OpenSslPeer.server(rsa));
                return started.get();
            }

            @Override
            public DtlsPeer client(InteropCase c, InetSocketAddress server) {
                throw new UnsupportedOperationException();
            }
        };
        InteropCase c = InteropCase.of(JdkDtlsPeer.FACTORY, rsaOnlyOpenSsl, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        long t0 = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> Interop.runUnreported(c));
        String m = e.getMessage();
        assertTrue(m.contains("interop case failed: jdk -> openssl-rsa-only"), m);
        assertTrue(m.contains("$ openssl s_server -dtls1_2"), "command line: " + m);
        assertTrue(m.contains("---- s_server stderr") && m.contains("no shared cipher"), "OpenSSL's own words: " + m);
        assertTrue(m.contains("---- jdk CLIENT"), "the JDK side too: " + m);
        assertTrue(System.nanoTime() - t0 < c.handshakeTimeout().toNanos(), "an alert ends the case before the deadline");
        assertFalse(started.get().process().isAlive(), "the s_server process must be reaped");
    }

    @Test
    void reportTableHasOneLinePerRow() {
        InteropReport.Row row = new InteropReport.Row("jdk", "openssl", "TLS_X", InteropCase.Mode.PSK, "loss=0.2",
                InteropReport.Result.FAIL, 12, "a | b");
        String table = InteropReport.markdown(List.of(row, row));
        assertTrue(table.contains("| jdk | openssl | TLS_X | PSK | loss=0.2 | FAIL | 12 | a \\| b |"), table);
        assertTrue(table.lines().filter(l -> l.startsWith("| jdk")).count() == 2, table);
    }
}
