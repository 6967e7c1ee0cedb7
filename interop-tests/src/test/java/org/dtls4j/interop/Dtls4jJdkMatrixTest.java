package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dtls4j suite the JDK's SSLEngine has in DTLS 1.2 (ECDHE with AES-GCM, ChaCha20-Poly1305
 * and AES-128-CBC; the JDK has no PSK and no AES-CCM), both roles, with the ECDSA P-256 chain of
 * two or the RSA 2048 leaf, and application data both ways up to 1,400 bytes (1,380 with CBC).
 * The JDK has no encrypt_then_mac (RFC 7366), so the CBC suites run MAC-then-encrypt, which the
 * dtls4j side allows for them ({@link Dtls4jPeer#MAC_THEN_ENCRYPT_ALLOWED}).
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jJdkMatrixTest {

    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::inDtls4j).filter(Suite::inJdk);
    }

    private static PeerFactory dtls4j(Suite suite) {
        return suite.cbc() ? Dtls4jPeer.MAC_THEN_ENCRYPT_ALLOWED : Dtls4jPeer.DTLS4J;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToJdkServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(dtls4j(suite), JdkDtlsPeer.FACTORY, suite));
        assertEquals(suite.name(), o.serverSuite(), "what the JDK's session says");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void jdkClientToDtls4jServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(JdkDtlsPeer.FACTORY, dtls4j(suite), suite));
        assertEquals(suite.name(), o.clientSuite(), "what the JDK's session says");
    }
}
