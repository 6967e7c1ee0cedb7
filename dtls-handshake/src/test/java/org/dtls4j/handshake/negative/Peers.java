package org.dtls4j.handshake.negative;

import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;

/** Engines and scripted peers for the negative tests, with the credentials of {@link TestPeers}. */
final class Peers {
    static final CipherSuite ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    static final CipherSuite PSK = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    static final CipherSuite ECDHE_PSK = CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256;

    private Peers() {
    }

    /** A server engine for {@code suite}; client certificates as {@code auth} says (certificate suites only). */
    static DtlsEngine server(CipherSuite suite, ClientAuth auth) {
        DtlsConfig.Builder b = TestPeers.server(suite, Auth.SERVER);
        if (suite.keyExchange().usesCertificate() && auth != ClientAuth.NONE) {
            b.clientAuth(auth).trustedCertificates(java.util.List.of(TestPeers.ECDSA.ca()));
        }
        return server(b.build());
    }

    static DtlsEngine server(DtlsConfig config) {
        return DtlsEngine.serverWithoutCookie(config, new DeterministicRandom(2));
    }

    /** A started client engine for {@code suite}: its ClientHello is queued. */
    static DtlsEngine client(CipherSuite suite, Auth auth) {
        return client(TestPeers.client(suite, auth).build());
    }

    static DtlsEngine client(DtlsConfig config) {
        DtlsEngine e = DtlsEngine.client(config, new DeterministicRandom(1));
        e.start(0);
        return e;
    }

    /** A scripted client offering {@code suite}, holding the PSK and the client certificate of {@link TestPeers}. */
    static ScriptedClient scriptedClient(DtlsEngine server, CipherSuite suite) {
        return new ScriptedClient(server, new DeterministicRandom(3), suite)
                .withPsk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY)
                .withCertificate(TestPeers.CLIENT);
    }

    /** A scripted server choosing {@code suite}, with the server certificate and PSK of {@link TestPeers}. */
    static ScriptedServer scriptedServer(DtlsEngine client, CipherSuite suite) {
        return new ScriptedServer(client, new DeterministicRandom(4), suite)
                .withPsk(TestPeers.PSK_KEY)
                .withCertificate(TestPeers.pkiFor(suite).leaf());
    }
}
