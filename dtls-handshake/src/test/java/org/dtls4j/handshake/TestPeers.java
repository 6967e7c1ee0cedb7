package org.dtls4j.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;

/** Credentials and configurations shared by the engine tests: made once per JVM. */
public final class TestPeers {
    public static final byte[] PSK_IDENTITY = "client1".getBytes(StandardCharsets.UTF_8);
    public static final byte[] PSK_KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    public static final CaAndLeaf ECDSA = ThrowawayCredentials.caAndLeaf("P-256", "localhost", "localhost", "127.0.0.1");
    public static final CaAndLeaf RSA = ThrowawayCredentials.caAndLeaf("RSA-2048", "localhost", "localhost", "127.0.0.1");
    public static final Credentials CLIENT = ECDSA.issue("P-256", "client");

    /** How the client proves itself. */
    public enum Auth {
        /** Server certificate only (or PSK for PSK suites). */
        SERVER,
        /** Server certificate, and a client certificate the server requires. */
        MUTUAL
    }

    private TestPeers() {
    }

    public static CaAndLeaf pkiFor(CipherSuite suite) {
        return suite.keyExchange() == KeyExchangeAlgorithm.ECDHE_RSA ? RSA : ECDSA;
    }

    public static DtlsConfig.Builder client(CipherSuite suite, Auth auth) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(suite);
        if (suite.keyExchange().usesPsk()) {
            return b.psk(PSK_IDENTITY, PSK_KEY);
        }
        b.trustedCertificates(List.of(pkiFor(suite).ca())).serverName("localhost");
        if (auth == Auth.MUTUAL) {
            b.certificate(CLIENT.chain(), CLIENT.privateKey());
        }
        return b;
    }

    public static DtlsConfig.Builder server(CipherSuite suite, Auth auth) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(suite);
        if (suite.keyExchange().usesPsk()) {
            return b.pskStore(id -> Arrays.equals(id, PSK_IDENTITY) ? PSK_KEY : null);
        }
        CaAndLeaf pki = pkiFor(suite);
        b.certificate(pki.chain(), pki.leaf().privateKey());
        if (auth == Auth.MUTUAL) {
            b.clientAuth(ClientAuth.REQUIRED).trustedCertificates(List.of(ECDSA.ca()));
        }
        return b;
    }
}
