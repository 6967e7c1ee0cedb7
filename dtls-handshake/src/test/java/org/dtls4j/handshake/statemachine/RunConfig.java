package org.dtls4j.handshake.statemachine;

import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_EMPTY;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_REQUEST;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_VERIFY;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_KEY_EXCHANGE;
import static org.dtls4j.handshake.statemachine.Symbol.FINISHED;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_DONE;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_KEY_EXCHANGE;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;

/**
 * One configuration of the walk: which engine is tested, the suite (PSK, ECDHE_PSK or
 * ECDHE_ECDSA) and client authentication none, optional or required.
 *
 * <p>With the engine as server, "optional" is walked twice: once with a client that answers the
 * CertificateRequest with its certificate, once with an empty Certificate. With the engine as
 * client, authentication means the client holds a certificate, and an honest server asks for it.
 */
enum RunConfig {
    SERVER_PSK(true, Suites.PSK, ClientAuth.NONE, false),
    SERVER_ECDHE_PSK(true, Suites.ECDHE_PSK, ClientAuth.NONE, false),
    SERVER_ECDSA_NO_AUTH(true, Suites.ECDSA, ClientAuth.NONE, false),
    SERVER_ECDSA_OPTIONAL_WITH_CERTIFICATE(true, Suites.ECDSA, ClientAuth.OPTIONAL, true),
    SERVER_ECDSA_OPTIONAL_WITHOUT_CERTIFICATE(true, Suites.ECDSA, ClientAuth.OPTIONAL, false),
    SERVER_ECDSA_REQUIRED(true, Suites.ECDSA, ClientAuth.REQUIRED, true),
    CLIENT_PSK(false, Suites.PSK, ClientAuth.NONE, false),
    CLIENT_ECDHE_PSK(false, Suites.ECDHE_PSK, ClientAuth.NONE, false),
    CLIENT_ECDSA_NO_AUTH(false, Suites.ECDSA, ClientAuth.NONE, false),
    CLIENT_ECDSA_AUTH(false, Suites.ECDSA, ClientAuth.REQUIRED, true);

    /** The suites of the walk. */
    static final class Suites {
        static final CipherSuite PSK = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        static final CipherSuite ECDHE_PSK = CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256;
        static final CipherSuite ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

        private Suites() {
        }
    }

    /** True when the engine under test is the server and the scripted peer the client. */
    final boolean engineIsServer;
    final CipherSuite suite;
    final ClientAuth auth;
    /** Whether the client (scripted or engine) holds and, honestly, presents a certificate. */
    final boolean clientCertificate;

    RunConfig(boolean engineIsServer, CipherSuite suite, ClientAuth auth, boolean clientCertificate) {
        this.engineIsServer = engineIsServer;
        this.suite = suite;
        this.auth = auth;
        this.clientCertificate = clientCertificate;
    }

    boolean certificateSuite() {
        return suite.keyExchange().usesCertificate();
    }

    /** Whether the server asks for a client certificate (RFC 5246 §7.4.4). */
    boolean certificateRequested() {
        return certificateSuite() && auth != ClientAuth.NONE;
    }

    /**
     * The orders of new handshake messages (ChangeCipherSpec aside) after which the engine may
     * complete: the oracle's definition of a legitimate path.
     */
    List<List<Symbol>> acceptedPaths() {
        List<List<Symbol>> paths = new ArrayList<>();
        if (engineIsServer) {
            if (!certificateRequested()) {
                paths.add(List.of(CLIENT_HELLO, CLIENT_KEY_EXCHANGE, FINISHED));
            } else {
                paths.add(List.of(CLIENT_HELLO, CERTIFICATE, CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY, FINISHED));
                if (auth == ClientAuth.OPTIONAL) {
                    paths.add(List.of(CLIENT_HELLO, CERTIFICATE_EMPTY, CLIENT_KEY_EXCHANGE, FINISHED));
                }
            }
        } else if (certificateSuite()) {
            paths.add(List.of(SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, SERVER_HELLO_DONE, FINISHED));
            paths.add(List.of(SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST, SERVER_HELLO_DONE, FINISHED));
        } else {
            paths.add(List.of(SERVER_HELLO, SERVER_KEY_EXCHANGE, SERVER_HELLO_DONE, FINISHED));
            if (!suite.keyExchange().usesEcdhe()) {
                paths.add(List.of(SERVER_HELLO, SERVER_HELLO_DONE, FINISHED));
            }
        }
        return paths;
    }
}
