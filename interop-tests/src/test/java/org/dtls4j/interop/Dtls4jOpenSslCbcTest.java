package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtls4j's AES-128-CBC suites against OpenSSL without encrypt_then_mac ({@code -no_etm}), both
 * roles: MAC-then-encrypt (RFC 5246 §6.2.3.2) when the dtls4j side allows it, and a refusal with
 * handshake_failure when it does not. (With encrypt_then_mac, OpenSSL's default, the CBC suites
 * run in {@link Dtls4jOpenSslMatrixTest}.)
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jOpenSslCbcTest {

    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::cbc);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToOpenSslServerMacThenEncrypt(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(Dtls4jPeer.MAC_THEN_ENCRYPT_ALLOWED, OpenSslPeer.NO_ETM, suite));
        assertEquals(suite.name(), o.serverSuite(), "what s_server printed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void openSslClientToDtls4jServerMacThenEncrypt(Suite suite) {
        Interop.Outcome o = Matrix.run(Matrix.plain(OpenSslPeer.NO_ETM, Dtls4jPeer.MAC_THEN_ENCRYPT_ALLOWED, suite));
        assertEquals(suite.name(), o.clientSuite(), "what s_client printed");
    }

    /** A dtls4j client that requires encrypt-then-MAC (the default) refuses {@code s_server -no_etm}'s CBC choice. */
    @Test
    void dtls4jClientRefusesAServerWithoutEncryptThenMac() {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.NO_ETM, Suite.TLS_PSK_WITH_AES_128_CBC_SHA256);
        String m = assertThrows(AssertionError.class, () -> Interop.runUnreported(c)).getMessage();
        assertTrue(m.contains("[client] handshake failed: server selected TLS_PSK_WITH_AES_128_CBC_SHA256 without"
                + " encrypt_then_mac (RFC 7366)"), m);
        assertTrue(m.contains("handshake failure"), "s_server reports dtls4j's alert: " + m);
    }

    /** A dtls4j server that requires encrypt-then-MAC (the default) has no suite for {@code s_client -no_etm}. */
    @Test
    void dtls4jServerRefusesAClientWithoutEncryptThenMac() {
        InteropCase c = InteropCase.of(OpenSslPeer.NO_ETM, Dtls4jPeer.DTLS4J, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256);
        String m = assertThrows(AssertionError.class, () -> Interop.runUnreported(c)).getMessage();
        assertTrue(m.contains("[server] handshake failed: no cipher suite in common")
                && m.contains("its CBC suites need encrypt_then_mac (RFC 7366)"), m);
        assertTrue(m.contains("alert handshake failure"), "s_client reports dtls4j's alert: " + m);
    }
}
