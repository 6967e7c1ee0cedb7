package org.dtls4j.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;

/** Configurations shared by the transport tests. */
final class Configs {
    static final byte[] IDENTITY = "client1".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static Credentials serverCredentials;

    private Configs() {
    }

    static DtlsConfig pskClient() {
        return DtlsConfig.builder().psk(IDENTITY, KEY).build();
    }

    static DtlsConfig pskServer() {
        return DtlsConfig.builder()
                .pskStore(id -> java.util.Arrays.equals(id, IDENTITY) ? KEY.clone() : null)
                .build();
    }

    /** A PSK client that gives up after {@code timeout}. */
    static DtlsConfig pskClient(Duration timeout) {
        return DtlsConfig.builder().psk(IDENTITY, KEY).handshakeTimeout(timeout).build();
    }

    static synchronized Credentials ecdsaServerCredentials() {
        if (serverCredentials == null) {
            serverCredentials = ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost", "127.0.0.1");
        }
        return serverCredentials;
    }

    static DtlsConfig ecdsaServer() {
        Credentials c = ecdsaServerCredentials();
        return DtlsConfig.builder().certificate(c.chain(), c.privateKey()).build();
    }

    static DtlsConfig ecdsaClient() {
        return DtlsConfig.builder()
                .trustedCertificates(List.of(ecdsaServerCredentials().leaf()))
                .serverName("localhost")
                .build();
    }
}
