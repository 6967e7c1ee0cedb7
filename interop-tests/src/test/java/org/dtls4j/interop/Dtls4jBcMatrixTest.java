package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dtls4j suite against Bouncy Castle's DTLS 1.2, both roles: certificate suites with the
 * ECDSA P-256 chain of two or the RSA 2048 leaf, PSK and ECDHE_PSK suites (RFC 4279, RFC 5489,
 * RFC 8442) with the case's key; application data both ways up to 1,400 bytes.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jBcMatrixTest {

    /** All of dtls4j's suites: Bouncy Castle has each of them. */
    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::inDtls4j);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToBcServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(Dtls4jPeer.DTLS4J, BcDtlsPeer.FACTORY, suite));
        assertEquals(suite.name(), o.serverSuite(), "what Bouncy Castle negotiated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void bcClientToDtls4jServer(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(BcDtlsPeer.FACTORY, Dtls4jPeer.DTLS4J, suite));
        assertEquals(suite.name(), o.clientSuite(), "what Bouncy Castle negotiated");
    }
}
