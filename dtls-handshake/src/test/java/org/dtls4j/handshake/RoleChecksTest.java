package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Configurations that can never complete a handshake in their role fail when the role is known, naming the fix. */
class RoleChecksTest {
    private static final CipherSuite PSK = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final CipherSuite ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private static String serverFails(DtlsConfig config) {
        String message = assertThrows(IllegalArgumentException.class, config::checkServer).getMessage();
        // the engine refuses it too, with the same message
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> DtlsEngine.serverWithoutCookie(config, new DeterministicRandom(1))).getMessage());
        return message;
    }

    private static String clientFails(DtlsConfig config) {
        String message = assertThrows(IllegalArgumentException.class, config::checkClient).getMessage();
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> DtlsEngine.client(config, new DeterministicRandom(1))).getMessage());
        return message;
    }

    @Test
    void aServerWithNoCredentialsAtAll() {
        assertEquals("DtlsConfig: a server needs a certificate (DtlsConfig.Builder.certificate) or a PSK store"
                + " (pskStore); psk(identity, key) is the client's", serverFails(DtlsConfig.builder().build()));
    }

    @Test
    void aServerBuiltWithTheClientsPsk() {
        String m = serverFails(DtlsConfig.builder().psk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY).build());
        assertTrue(m.contains("use pskStore(...) instead of psk(identity, key), which is the client's"), m);
    }

    @Test
    void aServerWithAPskStoreButOnlyCertificateSuites() {
        String m = serverFails(DtlsConfig.builder().cipherSuites(ECDSA).pskStore(id -> TestPeers.PSK_KEY).build());
        assertTrue(m.contains("needs a PSK suite among its cipher suites (cipherSuites), or a certificate"), m);
    }

    @Test
    void aServerWithACertificateButOnlyPskSuitesAndNoStore() {
        DtlsConfig c = TestPeers.server(ECDSA, Auth.SERVER).cipherSuites(PSK).build();
        String m = serverFails(c);
        assertTrue(m.contains("cipher suites are all PSK suites needs a PSK store (pskStore)"), m);
    }

    @Test
    void aClientWithPskSuitesOnlyButNoPsk() {
        String m = clientFails(DtlsConfig.builder().cipherSuites(PSK).build());
        assertEquals("DtlsConfig: a client whose cipher suites are all PSK suites needs its PSK: use psk(identity, key)", m);
    }

    @Test
    void aClientBuiltWithTheServersPskStore() {
        String m = clientFails(DtlsConfig.builder().cipherSuites(PSK).pskStore(id -> TestPeers.PSK_KEY).build());
        assertTrue(m.endsWith("use psk(identity, key); pskStore(...) is the server's"), m);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})
    void workingConfigurationsPass(CipherSuite suite) {
        DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.MUTUAL).build(), new DeterministicRandom(2));
        // one configuration for both roles, as the CLI's pipe builds it
        DtlsConfig both = DtlsConfig.builder().psk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY)
                .pskStore(id -> TestPeers.PSK_KEY).build();
        both.checkClient().checkServer();
    }
}
