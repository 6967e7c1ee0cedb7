package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtls4j.handshake.Negotiated;

/**
 * Shared pieces of the dtls4j matrix tests: the plain case and the checks of what dtls4j says it
 * negotiated, made while the connection is still open ({@link Interop.Check}).
 */
final class Matrix {

    /** Application datagrams each way in matrix cases: tiny, small, medium, and the 1,400-byte one. */
    static final Integer[] PAYLOADS = {2, 64, 600, 1400};

    private Matrix() {
    }

    /**
     * {@code client} to {@code server} with only {@code suite}, the default certificate and the
     * matrix payloads, the largest being {@link Suite#largestPayload()}.
     */
    static InteropCase plain(PeerFactory client, PeerFactory server, Suite suite) {
        Integer[] sizes = PAYLOADS.clone();
        sizes[sizes.length - 1] = suite.largestPayload();
        return InteropCase.of(client, server, suite).withPayloadSizes(sizes);
    }

    /** The dtls4j side of a case (whichever role it plays). */
    static Dtls4jPeer dtls4j(DtlsPeer client, DtlsPeer server) {
        if (client instanceof Dtls4jPeer d) {
            return d;
        }
        if (server instanceof Dtls4jPeer d) {
            return d;
        }
        throw new AssertionError("no dtls4j peer in this case: " + client.name() + " -> " + server.name());
    }

    /**
     * Checks that what dtls4j negotiated matches {@code c}: the suite on both sides, extended
     * master secret (RFC 7627, which every peer here offers and dtls4j requires by default), a full
     * handshake, with a CBC suite encrypt-then-MAC if both peers speak it (RFC 7366), the case's
     * group if it names one, and the other side's proven identity: the
     * server's chain as configured (client role), the client's certificate when client
     * authentication is on (server role), or the PSK identity (server role, PSK suites).
     */
    static Interop.Check negotiated(InteropCase c) {
        return (client, server) -> {
            Dtls4jPeer d = dtls4j(client, server);
            Negotiated n = d.negotiated();
            assertEquals(c.suite().name(), n.cipherSuite().ianaName(), "dtls4j's suite");
            assertEquals(client.cipherSuite(), server.cipherSuite(), "both sides name the same suite");
            assertEquals("DTLSv1.2", n.protocol());
            assertTrue(n.extendedMasterSecret(), "extended master secret: " + n);
            assertFalse(n.resumed(), "a full handshake: " + n);
            if (c.suite().cbc()) {
                // RFC 7366: encrypt-then-MAC exactly when both peers speak it.
                assertEquals(c.client().encryptThenMac() && c.server().encryptThenMac(), n.encryptThenMac(), n.toString());
            }
            assertEquals(n.cipherSuite().keyExchange().usesEcdhe(), n.group().isPresent(), "a group iff ECDHE: " + n);
            c.group().ifPresent(g -> assertEquals(g, n.group().orElseThrow().tlsName(), "the case's group"));
            if (c.mode() == InteropCase.Mode.CERTIFICATE && d.role() == DtlsPeer.Role.CLIENT) {
                checkServerChain(c, n.peerCertificates());
            }
            if (c.clientAuth() && d.role() == DtlsPeer.Role.SERVER) {
                assertEquals(c.clientCredential().certificate(), n.peerCertificates().get(0), "the client's certificate");
            }
            if (c.mode() == InteropCase.Mode.PSK && d.role() == DtlsPeer.Role.SERVER) {
                assertEquals(InteropCase.PSK_IDENTITY, n.pskIdentity().orElseThrow(), "PSK identity: " + n);
            }
        };
    }

    /**
     * The server's chain as dtls4j received it: the configured leaf first, then only certificates
     * of the configured chain or the CA. Not exactly the configured chain: OpenSSL appends the CA
     * by itself when it finds it in its {@code -CAfile} store ("auto chain"), and after an SNI
     * context switch {@code s_server} sends its second certificate without a chain.
     */
    static void checkServerChain(InteropCase c, List<X509Certificate> received) {
        List<X509Certificate> configured = c.serverCredential().chain();
        assertFalse(received.isEmpty(), "no server certificate");
        assertEquals(configured.get(0), received.get(0), "the server's leaf");
        X509Certificate ca = TestPki.get().caCertificate();
        for (X509Certificate x : received.subList(1, received.size())) {
            assertTrue(configured.contains(x) || x.equals(ca), "unexpected certificate in the chain: " + x.getSubjectX500Principal());
        }
    }

    /** Runs {@code c} with the {@link #negotiated} checks. */
    static Interop.Outcome run(InteropCase c) {
        return Interop.run(c, negotiated(c));
    }
}
