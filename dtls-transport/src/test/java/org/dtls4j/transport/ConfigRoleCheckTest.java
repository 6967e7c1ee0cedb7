package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A configuration that cannot work in its role fails at bind / connect, before any socket, naming the fix. */
@Timeout(30)
class ConfigRoleCheckTest {

    @Test
    void bindingAServerWithTheClientsPskFailsNamingPskStore() {
        DtlsConfig clientsConfig = Configs.pskClient();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), clientsConfig));
        assertTrue(e.getMessage().contains("use pskStore(...) instead of psk(identity, key)"), e.getMessage());
    }

    @Test
    void bindingAServerWithNoCredentialsFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), DtlsConfig.builder().build()));
        assertTrue(e.getMessage().contains("a server needs a certificate (DtlsConfig.Builder.certificate)"
                + " or a PSK store (pskStore)"), e.getMessage());
    }

    @Test
    void connectingAPskOnlyClientWithoutItsPskFails() {
        DtlsConfig noPsk = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256).build();
        // port 9 (discard): the check comes before any datagram
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsClient.connect(new InetSocketAddress("127.0.0.1", 9), noPsk, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("needs its PSK: use psk(identity, key)"), e.getMessage());
    }
}
