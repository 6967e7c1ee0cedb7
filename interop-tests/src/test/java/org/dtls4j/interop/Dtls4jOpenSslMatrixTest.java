package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dtls4j suite that OpenSSL has, both roles, against {@code openssl s_server -listen} and
 * {@code s_client}: certificate suites with the ECDSA P-256 chain of two or the RSA 2048 leaf,
 * PSK suites with the case's key (RFC 4279), including both CCM_8 suites (RFC 6655, RFC 7251);
 * then application data both ways, four datagrams each, up to 1,400 bytes.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jOpenSslMatrixTest {

    /** dtls4j's suites that OpenSSL 3.0 has: all but TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256 (RFC 8442). */
    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::inDtls4j).filter(Suite::inOpenSsl);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToOpenSslServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite));
        assertEquals(suite.name(), o.serverSuite(), "what s_server printed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void openSslClientToDtls4jServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite));
        assertEquals(suite.name(), o.clientSuite(), "what s_client printed");
    }
}
