package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The CertificateVerify body (RFC 5246 §7.4.8): the client's signature over the handshake
 * messages so far, proving it holds the key of its certificate.
 *
 * <pre>
 * struct {
 *     digitally-signed struct {
 *         opaque handshake_messages[handshake_messages_length];
 *     }
 * } CertificateVerify;
 *
 * struct {                                              // digitally-signed, RFC 5246 §4.7
 *     SignatureAndHashAlgorithm algorithm;
 *     opaque signature&lt;0..2^16-1&gt;;
 * } DigitallySigned;
 * </pre>
 *
 * @param signatureScheme the SignatureAndHashAlgorithm as a 16-bit code point
 * @param signature the signature bytes
 */
public record CertificateVerify(int signatureScheme, byte[] signature) implements HandshakeMessage {

    public CertificateVerify {
        Checks.require(signatureScheme >= 0 && signatureScheme <= 0xFFFF, "signature scheme out of range: ", signatureScheme);
        signature = Checks.copy(signature, 0xFFFF, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.u16(signatureScheme).opaque16(signature);
    }

    public static CertificateVerify decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int scheme = r.u16();
        byte[] signature = r.opaque16();
        r.expectEmpty("CertificateVerify");
        return new CertificateVerify(scheme, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateVerify c && c.signatureScheme == signatureScheme
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * signatureScheme + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "CertificateVerify[scheme=" + Checks.hex16(signatureScheme) + ", signature=" + Checks.hex(signature) + "]";
    }
}
