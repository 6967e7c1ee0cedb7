package org.dtls4j.handshake;

import java.util.List;
import org.dtls4j.crypto.CipherSuite;

/**
 * The checks {@link DtlsConfig#checkServer()} and {@link DtlsConfig#checkClient()} run: a
 * configuration that cannot complete a single handshake in that role fails when the role becomes
 * known (binding a server, connecting a client, creating an engine), with a message that names
 * the builder method that fixes it. {@link DtlsConfig.Builder#build()} cannot tell, since one
 * configuration may serve both roles.
 */
final class RoleChecks {
    private static final String PSK_IS_THE_CLIENTS = "psk(identity, key) is the client's";
    private static final String PSK_STORE_IS_THE_SERVERS = "pskStore(...) is the server's";

    private RoleChecks() {
    }

    /**
     * A server chooses one suite it can serve (RFC 5246 §7.4.1.3): a certificate suite needs a
     * certificate or a raw public key, and its private key (RFC 8422 §5.3, RFC 5246 §7.4.2, RFC 7250),
     * a PSK suite a PSK store to find
     * the key for the client's identity (RFC 4279 §2). With none the server refuses every client.
     */
    static void server(DtlsConfig c) {
        List<CipherSuite> suites = c.cipherSuites();
        boolean certificate = !c.certificateChain().isEmpty() || c.rawPublicKey() != null;
        boolean store = c.pskStore() != null;
        boolean pskSuites = suites.stream().anyMatch(s -> s.keyExchange().usesPsk());
        boolean certificateSuites = suites.stream().anyMatch(s -> !s.keyExchange().usesPsk());
        if (!certificate && !store) {
            fail(c.hasClientPsk()
                    ? "a server finds the client's key in a PSK store: use pskStore(...) instead of psk(identity, key),"
                            + " which is the client's (or give the server a certificate)"
                    : "a server needs a certificate (DtlsConfig.Builder.certificate) or a PSK store (pskStore); "
                            + PSK_IS_THE_CLIENTS);
        }
        if (!certificate && !pskSuites) {
            fail("a server with a PSK store but no certificate needs a PSK suite among its cipher suites"
                    + " (cipherSuites), or a certificate (certificate) for the suites it has");
        }
        if (c.maxFragmentLength() != 0) {
            // RFC 6066 §4: the client asks, the server can only echo the value or ignore it.
            fail("maxFragmentLength(...) is the client's request (RFC 6066 §4); a server answers any valid request."
                    + " To limit the records a server receives, use recordSizeLimit(...)");
        }
        if (!store && !certificateSuites) {
            fail("a server whose cipher suites are all PSK suites needs a PSK store (pskStore)"
                    + (c.hasClientPsk() ? "; " + PSK_IS_THE_CLIENTS : ""));
        }
    }

    /**
     * A client offers what it can use (RFC 5246 §7.4.1.2): a PSK suite needs the client's identity
     * and key (RFC 4279 §2); a certificate suite can always be verified (the JDK's default trust
     * when none is configured). With PSK suites only and no PSK the client cannot finish any handshake.
     */
    static void client(DtlsConfig c) {
        boolean certificateSuites = c.cipherSuites().stream().anyMatch(s -> !s.keyExchange().usesPsk());
        if (!certificateSuites && !c.hasClientPsk()) {
            fail("a client whose cipher suites are all PSK suites needs its PSK: use psk(identity, key)"
                    + (c.pskStore() != null ? "; " + PSK_STORE_IS_THE_SERVERS : ""));
        }
    }

    private static void fail(String message) {
        throw new IllegalArgumentException("DtlsConfig: " + message);
    }
}
