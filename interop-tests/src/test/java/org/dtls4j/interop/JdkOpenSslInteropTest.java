package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JDK's SSLEngine against {@code openssl s_server} / {@code s_client} (RFC 6347). */
@ExtendWith(InteropReport.class)
@Timeout(60)
class JdkOpenSslInteropTest {

    private static final Suite SUITE = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    @Test
    void jdkClientToOpenSslServerWithCookieExchange() {
        Interop.Outcome o = Interop.run(InteropCase.of(JdkDtlsPeer.FACTORY, OpenSslPeer.FACTORY, SUITE));
        assertEquals(SUITE.name(), o.clientSuite());
        assertEquals(SUITE.name(), o.serverSuite());
    }

    @Test
    void openSslClientToJdkServer() {
        Interop.Outcome o = Interop.run(InteropCase.of(OpenSslPeer.FACTORY, JdkDtlsPeer.FACTORY, SUITE));
        assertEquals(SUITE.name(), o.clientSuite());
        assertEquals(SUITE.name(), o.serverSuite());
    }
}
