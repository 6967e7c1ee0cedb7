package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;

/**
 * The ClientKeyExchange body, whose layout depends on the negotiated key exchange, so
 * {@link #decode(byte[], KeyExchangeAlgorithm)} must be told which one.
 *
 * <pre>
 * select (KeyExchangeAlgorithm) {
 *     case ec_diffie_hellman:                          // RFC 8422 §5.7, explicit encoding only
 *         ECPoint ecdh_Yc;                             // opaque point &lt;1..2^8-1&gt;
 *     case psk:                                        // RFC 4279 §2
 *         opaque psk_identity&lt;0..2^16-1&gt;;
 *     case ec_diffie_hellman_psk:                      // RFC 5489 §2
 *         opaque psk_identity&lt;0..2^16-1&gt;;
 *         ClientECDiffieHellmanPublic public;
 * } exchange_keys;
 * </pre>
 *
 * RFC 8422 §5.7 also has an implicit (empty) encoding for fixed-ECDH client certificates; we do
 * not support those, so the point is always present. The PSK identity is not secret; the key it
 * names never appears in a message.
 */
public sealed interface ClientKeyExchange extends HandshakeMessage
        permits ClientKeyExchange.Ecdhe, ClientKeyExchange.Psk, ClientKeyExchange.EcdhePsk {

    @Override
    default HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    /** Decodes a body sent for the key exchange {@code kx}. */
    static ClientKeyExchange decode(byte[] body, KeyExchangeAlgorithm kx) throws DecodeException {
        ByteReader r = new ByteReader(body);
        ClientKeyExchange result;
        switch (kx) {
            case ECDHE_ECDSA:
            case ECDHE_RSA:
                byte[] point = r.opaque8();
                result = Checks.decoded("ClientKeyExchange", () -> new Ecdhe(point));
                break;
            case PSK:
                result = new Psk(r.opaque16());
                break;
            case ECDHE_PSK:
                byte[] identity = r.opaque16();
                byte[] pskPoint = r.opaque8();
                result = Checks.decoded("ClientKeyExchange", () -> new EcdhePsk(identity, pskPoint));
                break;
            default:
                throw new IllegalStateException("no ClientKeyExchange layout for " + kx);
        }
        r.expectEmpty("ClientKeyExchange");
        return result;
    }

    /** The client's ephemeral public key: 1 to 255 bytes. */
    private static byte[] point(byte[] publicKey) {
        Checks.require(publicKey.length >= 1, "ECPoint must not be empty");
        return Checks.copy(publicKey, 0xFF, "ECPoint");
    }

    /**
     * ECDHE_ECDSA or ECDHE_RSA: the client's ephemeral public key (RFC 8422 §5.7).
     *
     * @param publicKey the encoded point, 1 to 255 bytes
     */
    record Ecdhe(byte[] publicKey) implements ClientKeyExchange {
        public Ecdhe {
            publicKey = point(publicKey);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public void encode(ByteWriter w) {
            w.opaque8(publicKey);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ecdhe e && Arrays.equals(e.publicKey, publicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "ClientKeyExchange.Ecdhe[publicKey=" + Checks.hex(publicKey) + "]";
        }
    }

    /**
     * Plain PSK: the identity of the key to use (RFC 4279 §2).
     *
     * @param identity the psk_identity, at most 65,535 bytes
     */
    record Psk(byte[] identity) implements ClientKeyExchange {
        public Psk {
            identity = Checks.copy(identity, 0xFFFF, "psk_identity");
        }

        @Override
        public byte[] identity() {
            return identity.clone();
        }

        @Override
        public void encode(ByteWriter w) {
            w.opaque16(identity);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && Arrays.equals(p.identity, identity);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(identity);
        }

        @Override
        public String toString() {
            return "ClientKeyExchange.Psk[identity=" + Checks.hex(identity) + "]";
        }
    }

    /**
     * ECDHE_PSK: the PSK identity, then the client's ephemeral public key (RFC 5489 §2).
     *
     * @param identity the psk_identity, at most 65,535 bytes
     * @param publicKey the encoded point, 1 to 255 bytes
     */
    record EcdhePsk(byte[] identity, byte[] publicKey) implements ClientKeyExchange {
        public EcdhePsk {
            identity = Checks.copy(identity, 0xFFFF, "psk_identity");
            publicKey = point(publicKey);
        }

        @Override
        public byte[] identity() {
            return identity.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public void encode(ByteWriter w) {
            w.opaque16(identity).opaque8(publicKey);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EcdhePsk p && Arrays.equals(p.identity, identity) && Arrays.equals(p.publicKey, publicKey);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(identity) + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "ClientKeyExchange.EcdhePsk[identity=" + Checks.hex(identity) + ", publicKey=" + Checks.hex(publicKey) + "]";
        }
    }
}
