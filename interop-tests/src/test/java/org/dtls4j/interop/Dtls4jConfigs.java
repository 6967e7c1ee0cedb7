package org.dtls4j.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.Pem;

/**
 * Turns an {@link InteropCase} into a dtls4j {@link DtlsConfig} for one role, the way an
 * application would write it: exactly the case's suite (RFC 5246 §7.4.1.2), its ECDHE group if it
 * names one (RFC 8422 §5.1.1), certificates read from the {@link TestPki}'s PEM files with
 * dtls4j's own PEM reader, the CA as the only trust anchor, the PSK of PSK cases (RFC 4279 §2),
 * ALPN (RFC 7301) and SNI (RFC 6066 §3).
 *
 * <p>Datagram size: the case's link MTU minus 28 bytes of IPv4 and UDP headers, as OpenSSL counts
 * {@code -mtu}; without one, {@value #DEFAULT_DATAGRAM} bytes (a 1,500-byte Ethernet path), so a
 * 1,400-byte application datagram fits in one record with any suite (1,400 + 13 header + 24 AEAD
 * nonce and tag = 1,437).
 */
final class Dtls4jConfigs {

    /** The datagram limit when the case sets no MTU: 1500 - 20 (IPv4) - 8 (UDP). */
    static final int DEFAULT_DATAGRAM = 1472;
    /** IPv4 and UDP headers, which a link MTU includes and a datagram size does not. */
    static final int IP_UDP_HEADERS = 28;

    private Dtls4jConfigs() {
    }

    /** The dtls4j suite with the case's code point. */
    static CipherSuite suite(InteropCase c) {
        return CipherSuite.fromId(c.suite().code())
                .orElseThrow(() -> new IllegalArgumentException("dtls4j has no suite " + c.suite()));
    }

    /**
     * The configuration of the dtls4j {@code role} in {@code c}.
     *
     * @param keyLog receives NSS key log lines (for Wireshark next to OpenSSL's {@code .msg} files)
     */
    static DtlsConfig forCase(InteropCase c, DtlsPeer.Role role, Consumer<String> keyLog) throws IOException {
        DtlsConfig.Builder b = DtlsConfig.builder()
                .cipherSuites(suite(c))
                .maxDatagramSize(c.mtu() > 0 ? c.mtu() - IP_UDP_HEADERS : DEFAULT_DATAGRAM)
                .handshakeTimeout(c.handshakeTimeout())
                .keyLogSink(keyLog);
        if (c.group().isPresent()) {
            String name = c.group().get();
            b.groups(NamedGroup.fromName(name).orElseThrow(() -> new IllegalArgumentException("dtls4j has no group " + name)));
        }
        c.alpn().ifPresent(b::applicationProtocols);
        if (c.mode() == InteropCase.Mode.PSK) {
            psk(c, role, b);
        } else {
            certificates(c, role, b);
        }
        return b.build();
    }

    private static void psk(InteropCase c, DtlsPeer.Role role, DtlsConfig.Builder b) {
        byte[] identity = InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8);
        if (role == DtlsPeer.Role.CLIENT) {
            b.psk(identity, c.pskKey());
        } else {
            byte[] key = c.pskKey();
            b.pskStore(id -> MessageDigest.isEqual(id, identity) ? key.clone() : null)
                    .pskIdentityHint(InteropCase.PSK_HINT.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void certificates(InteropCase c, DtlsPeer.Role role, DtlsConfig.Builder b) throws IOException {
        b.trustedCertificates(Pem.readCertificates(TestPki.get().caFile()));
        if (role == DtlsPeer.Role.SERVER) {
            Credentials own = credentials(c.serverCredential());
            b.certificate(own.chain(), own.privateKey());
            if (c.clientAuth()) {
                b.clientAuth(ClientAuth.REQUIRED);
            }
        } else {
            c.sni().ifPresent(b::serverName);
            if (c.clientAuth()) {
                Credentials own = credentials(c.clientCredential());
                b.certificate(own.chain(), own.privateKey());
            }
        }
    }

    /** Leaf and key through {@link Credentials#fromPem}, then the chain file's certificates (the CA) after the leaf. */
    static Credentials credentials(TestPki.Credential files) throws IOException {
        Credentials leaf = Credentials.fromPem(files.leafFile(), files.keyFile());
        if (files.chainFile().isEmpty()) {
            return leaf;
        }
        List<X509Certificate> chain = new ArrayList<>(leaf.chain());
        chain.addAll(Pem.readCertificates(files.chainFile().get()));
        return new Credentials(chain, leaf.privateKey());
    }
}
