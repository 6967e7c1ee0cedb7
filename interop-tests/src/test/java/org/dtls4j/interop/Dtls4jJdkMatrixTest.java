package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dtls4j suite the JDK's SSLEngine has in DTLS 1.2 (ECDHE with AES-GCM and
 * ChaCha20-Poly1305; the JDK has no PSK and no AES-CCM), both roles, with the ECDSA P-256 chain
 * of two or the RSA 2048 leaf, and application data both ways up to 1,400 bytes.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jJdkMatrixTest {

    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::inDtls4j).filter(Suite::inJdk);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToJdkServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(Dtls4jPeer.DTLS4J, JdkDtlsPeer.FACTORY, suite));
        assertEquals(suite.name(), o.serverSuite(), "what the JDK's session says");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void jdkClientToDtls4jServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(JdkDtlsPeer.FACTORY, Dtls4jPeer.DTLS4J, suite));
        assertEquals(suite.name(), o.clientSuite(), "what the JDK's session says");
    }
}
