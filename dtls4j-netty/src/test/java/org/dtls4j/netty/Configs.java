package org.dtls4j.netty;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.handshake.DtlsConfig;

/** Configurations shared by the module's tests. */
final class Configs {
    static final byte[] IDENTITY = "client1".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static Credentials serverCredentials;

    private Configs() {
    }

    static DtlsConfig.Builder pskClientBuilder() {
        return DtlsConfig.builder().psk(IDENTITY, KEY);
    }

    static DtlsConfig pskClient() {
        return pskClientBuilder().build();
    }

    static DtlsConfig.Builder pskServerBuilder() {
        return DtlsConfig.builder().pskStore(id -> Arrays.equals(id, IDENTITY) ? KEY.clone() : null);
    }

    static DtlsConfig pskServer() {
        return pskServerBuilder().build();
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
