package org.dtls4j.handshake;

import java.net.SocketAddress;
import java.security.PublicKey;

/**
 * Decides whether a peer that authenticated with a raw public key (RFC 7250) is accepted: the
 * application's registry of device keys, say, where a fixed list
 * ({@link DtlsConfig.Builder#trustedRawPublicKeys}) will not do.
 *
 * <p>A raw public key carries no name, issuer or validity (RFC 7250 §1): the key itself is the
 * identity, checked against what was learned out of band. The handshake asks after parsing the peer's Certificate message and
 * before using the key; a refusal ends it with bad_certificate. The peer has not yet proven that it
 * holds the private key at that point (its CertificateVerify or ServerKeyExchange signature comes
 * next): decide by the key, not by anything the peer could simply copy.
 *
 * <p>Called on the thread running the handshake; keep it quick. An exception it throws ends the
 * handshake with internal_error.
 */
@FunctionalInterface
public interface RawPublicKeyVerifier {
    /**
     * Whether to accept {@code key} from the peer at {@code peer}.
     *
     * @param key  the peer's public key, as parsed from its SubjectPublicKeyInfo
     * @param peer where the peer's datagrams come from; {@code null} when the engine was given its
     *             datagrams without their source ({@code DtlsEngine.receive} without a source)
     */
    boolean accept(PublicKey key, SocketAddress peer);
}
