package org.dtls4j.transport.flood;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;

/** Configurations for the flood and amplification tests: PSK, and ECDSA with a throwaway certificate. */
final class Peers {
    static final byte[] IDENTITY = "flood-client".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static Credentials ecdsa;

    private Peers() {
    }

    static DtlsConfig pskClient() {
        return DtlsConfig.builder().psk(IDENTITY, KEY).build();
    }

    static DtlsConfig.Builder pskServer() {
        return DtlsConfig.builder().pskStore(id -> Arrays.equals(id, IDENTITY) ? KEY.clone() : null);
    }

    static synchronized Credentials ecdsa() {
        if (ecdsa == null) {
            ecdsa = ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost", "127.0.0.1");
        }
        return ecdsa;
    }

    /** A certificate server: what an amplification attacker would most like to make talk. */
    static DtlsConfig.Builder ecdsaServer() {
        return DtlsConfig.builder().certificate(ecdsa().chain(), ecdsa().privateKey());
    }

    static DtlsConfig ecdsaClient() {
        return DtlsConfig.builder().trustedCertificates(List.of(ecdsa().leaf())).serverName("localhost").build();
    }

    static DtlsConfig ecdsaClient(Duration handshakeTimeout) {
        return DtlsConfig.builder().trustedCertificates(List.of(ecdsa().leaf())).serverName("localhost")
                .handshakeTimeout(handshakeTimeout).build();
    }
}
