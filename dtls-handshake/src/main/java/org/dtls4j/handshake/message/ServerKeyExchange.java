package org.dtls4j.handshake.message;

import java.util.Arrays;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;

/**
 * The ServerKeyExchange body, whose layout depends on the negotiated key exchange, so
 * {@link #decode(byte[], KeyExchangeAlgorithm)} must be told which one.
 *
 * <pre>
 * select (KeyExchangeAlgorithm) {
 *     case ec_diffie_hellman:                          // ECDHE_ECDSA, ECDHE_RSA: RFC 8422 §5.4
 *         ServerECDHParams params;
 *         digitally-signed struct { ... } signed_params;
 *     case psk:                                        // RFC 4279 §2
 *         opaque psk_identity_hint&lt;0..2^16-1&gt;;
 *     case ec_diffie_hellman_psk:                      // RFC 5489 §2
 *         opaque psk_identity_hint&lt;0..2^16-1&gt;;
 *         ServerECDHParams params;
 * } ServerKeyExchange;
 *
 * struct {                                              // digitally-signed, RFC 5246 §4.7
 *     SignatureAndHashAlgorithm algorithm;
 *     opaque signature&lt;0..2^16-1&gt;;
 * } DigitallySigned;
 * </pre>
 *
 * One record per layout: {@link Ecdhe}, {@link Psk}, {@link EcdhePsk}.
 */
public sealed interface ServerKeyExchange extends HandshakeMessage
        permits ServerKeyExchange.Ecdhe, ServerKeyExchange.Psk, ServerKeyExchange.EcdhePsk {

    @Override
    default HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** Decodes a body sent for the key exchange {@code kx}. */
    static ServerKeyExchange decode(byte[] body, KeyExchangeAlgorithm kx) throws DecodeException {
        ByteReader r = new ByteReader(body);
        ServerKeyExchange result;
        switch (kx) {
            case ECDHE_ECDSA:
            case ECDHE_RSA:
                ServerEcdhParams params = ServerEcdhParams.decode(r);
                int scheme = r.u16();
                byte[] signature = r.opaque16();
                result = new Ecdhe(params, scheme, signature);
                break;
            case PSK:
                result = new Psk(r.opaque16());
                break;
            case ECDHE_PSK:
                byte[] hint = r.opaque16();
                result = new EcdhePsk(hint, ServerEcdhParams.decode(r));
                break;
            default:
                throw new IllegalStateException("no ServerKeyExchange layout for " + kx);
        }
        r.expectEmpty("ServerKeyExchange");
        return result;
    }

    /**
     * Signed ephemeral ECDH, for ECDHE_ECDSA and ECDHE_RSA (RFC 8422 §5.4).
     *
     * @param params the group and public key
     * @param signatureScheme the SignatureAndHashAlgorithm as a 16-bit code point
     * @param signature the signature over {@code params.signatureInput(clientRandom, serverRandom)}
     */
    record Ecdhe(ServerEcdhParams params, int signatureScheme, byte[] signature) implements ServerKeyExchange {
        public Ecdhe {
            Objects.requireNonNull(params, "params");
            Checks.require(signatureScheme >= 0 && signatureScheme <= 0xFFFF,
                    "signature scheme out of range: " + signatureScheme);
            signature = Checks.copy(signature, 0xFFFF, "signature");
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** The ServerECDHParams bytes the signature covers (after the two randoms). */
        public byte[] signedParams() {
            return params.encode();
        }

        /** client_random + server_random + params: the exact input of the signature. */
        public byte[] signatureInput(byte[] clientRandom, byte[] serverRandom) {
            return params.signatureInput(clientRandom, serverRandom);
        }

        @Override
        public void encode(ByteWriter w) {
            params.encode(w);
            w.u16(signatureScheme).opaque16(signature);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ecdhe e && e.params.equals(params) && e.signatureScheme == signatureScheme
                    && Arrays.equals(e.signature, signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(params, signatureScheme, Arrays.hashCode(signature));
        }

        @Override
        public String toString() {
            return "ServerKeyExchange.Ecdhe[" + params + ", scheme=" + Checks.hex16(signatureScheme)
                    + ", signature=" + Checks.hex(signature) + "]";
        }
    }

    /**
     * Plain PSK: only an identity hint (RFC 4279 §2). RFC 4279 §2: "If no hint is provided, the
     * ServerKeyExchange message is omitted."
     *
     * @param identityHint the psk_identity_hint, at most 65,535 bytes
     */
    record Psk(byte[] identityHint) implements ServerKeyExchange {
        public Psk {
            identityHint = Checks.copy(identityHint, 0xFFFF, "psk_identity_hint");
        }

        @Override
        public byte[] identityHint() {
            return identityHint.clone();
        }

        @Override
        public void encode(ByteWriter w) {
            w.opaque16(identityHint);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && Arrays.equals(p.identityHint, identityHint);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(identityHint);
        }

        @Override
        public String toString() {
            return "ServerKeyExchange.Psk[hint=" + Checks.hex(identityHint) + "]";
        }
    }

    /**
     * ECDHE mixed with a PSK: identity hint, then unsigned ECDH parameters (RFC 5489 §2). Unlike
     * plain PSK, this message is always sent, because it carries the server's ECDH key; the hint
     * field is then present but may be empty.
     *
     * @param identityHint the psk_identity_hint, at most 65,535 bytes
     * @param params the group and public key
     */
    record EcdhePsk(byte[] identityHint, ServerEcdhParams params) implements ServerKeyExchange {
        public EcdhePsk {
            identityHint = Checks.copy(identityHint, 0xFFFF, "psk_identity_hint");
            Objects.requireNonNull(params, "params");
        }

        @Override
        public byte[] identityHint() {
            return identityHint.clone();
        }

        @Override
        public void encode(ByteWriter w) {
            w.opaque16(identityHint);
            params.encode(w);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EcdhePsk p && Arrays.equals(p.identityHint, identityHint) && p.params.equals(params);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(identityHint) + params.hashCode();
        }

        @Override
        public String toString() {
            return "ServerKeyExchange.EcdhePsk[hint=" + Checks.hex(identityHint) + ", " + params + "]";
        }
    }
}
