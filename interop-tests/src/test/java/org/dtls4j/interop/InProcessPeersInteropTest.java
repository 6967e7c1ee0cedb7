package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two in-process peers against each other and against OpenSSL with ALPN: the pattern a new
 * peer (dtls4j) follows, through {@link Interop#run} or with the peers driven directly.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class InProcessPeersInteropTest {

    private static final Suite ECDSA = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    @Test
    void jdkClientToBcServer() {
        Interop.Outcome o = Interop.run(InteropCase.of(JdkDtlsPeer.FACTORY, BcDtlsPeer.FACTORY, ECDSA));
        assertEquals(ECDSA.name(), o.clientSuite());
        assertEquals(ECDSA.name(), o.serverSuite());
    }

    @Test
    void bcClientWithCertificateToJdkServerRequiringOne() {
        Interop.Outcome o = Interop.run(InteropCase.of(BcDtlsPeer.FACTORY, JdkDtlsPeer.FACTORY, ECDSA).withClientAuth());
        assertEquals(ECDSA.name(), o.serverSuite());
    }

    @Test
    void jdkClientNegotiatesAlpnWithOpenSslDrivenDirectly() throws Exception {
        InteropCase c = InteropCase.of(JdkDtlsPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA).withAlpn("coap").withSni("localhost");
        Duration timeout = c.handshakeTimeout();
        try (OpenSslPeer server = OpenSslPeer.server(c);
             JdkDtlsPeer client = JdkDtlsPeer.client(JdkDtlsPeer.Options.from(c, DtlsPeer.Role.CLIENT), server.address())) {
            client.start(timeout);   // s_server runs by itself: no second thread needed
            server.start(timeout);   // reads what it printed about the handshake
            assertEquals("coap", client.engine().getApplicationProtocol());
            assertTrue(server.process().stdoutText().contains("ALPN protocols advertised by the client: coap"),
                    server.diagnostics());
            byte[] hello = Payloads.line(100, new java.util.Random(5));
            client.send(hello);
            assertEquals(new String(hello, java.nio.charset.StandardCharsets.US_ASCII),
                    new String(server.receive(timeout), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
