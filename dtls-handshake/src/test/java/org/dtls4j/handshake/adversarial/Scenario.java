package org.dtls4j.handshake.adversarial;

import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;

/** The handshake shapes the record-level families run: two full handshakes and a resumed one. */
enum Scenario {
    /** Flights of five messages each way: Certificate, CertificateRequest, CertificateVerify. */
    FULL_ECDHE_ECDSA_MUTUAL,
    /** The smallest full handshake: ServerHello, ServerHelloDone; ClientKeyExchange. */
    FULL_PSK,
    /** Abbreviated (RFC 5246 §7.3): ServerHello, ChangeCipherSpec, Finished; the client's final flight. */
    RESUMED_ECDHE_ECDSA;

    static final CipherSuite ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private static Association resumable;

    /** A fresh association of this shape, the same for every call (fixed seeds). */
    Association association() {
        switch (this) {
            case FULL_ECDHE_ECDSA_MUTUAL:
                return Association.full(ECDSA, Auth.MUTUAL, 11);
            case FULL_PSK:
                return Association.full(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Auth.SERVER, 12);
            default:
                return session().resumption(14);
        }
    }

    /** The completed handshake whose session the resumed scenario offers; made once. */
    private static synchronized Association session() {
        if (resumable == null) {
            Association a = Association.full(ECDSA, Auth.SERVER, 13);
            a.handshake();
            a.assertConnected("the handshake to resume");
            resumable = a;
        }
        return resumable;
    }

    boolean resumed() {
        return this == RESUMED_ECDHE_ECDSA;
    }
}
