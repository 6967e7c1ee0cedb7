package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The Certificate body when the negotiated certificate type is RawPublicKey (RFC 7250 §3): the
 * sender's SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) in place of the certificate list. Same message
 * type as {@link Certificate}, another layout, so the receiver must know which type was negotiated
 * (client_certificate_type or server_certificate_type, see
 * {@link org.dtls4j.handshake.extension.CertificateTypes}) before it can decode the body. No ASN.1
 * parsing happens here.
 *
 * <pre>
 * struct {
 *     select(certificate_type) {
 *         // certificate type defined in RFC 7250
 *         case RawPublicKey:
 *           opaque ASN.1_subjectPublicKeyInfo&lt;1..2^24-1&gt;;
 *         // X.509 certificate defined in RFC 5246: see Certificate
 *         case X.509:
 *           ASN.1Cert certificate_list&lt;0..2^24-1&gt;;
 *     };
 * } Certificate;
 * </pre>
 *
 * Unlike an X.509 list, the key cannot be empty: a sender that negotiated RawPublicKey has a key.
 *
 * @param subjectPublicKeyInfo the DER encoding of the key, 1 to 2^24-1 bytes; copied in and out
 */
public record RawPublicKeyCertificate(byte[] subjectPublicKeyInfo) implements HandshakeMessage {

    public RawPublicKeyCertificate {
        Checks.require(subjectPublicKeyInfo.length > 0, "ASN.1_subjectPublicKeyInfo must not be empty");
        subjectPublicKeyInfo = Checks.copy(subjectPublicKeyInfo, Certificate.MAX_LIST_LENGTH, "ASN.1_subjectPublicKeyInfo");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.opaque24(subjectPublicKeyInfo);
    }

    public static RawPublicKeyCertificate decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] spki = r.opaque24();
        r.expectEmpty("Certificate (RawPublicKey)");
        return Checks.decoded("Certificate (RawPublicKey)", () -> new RawPublicKeyCertificate(spki));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPublicKeyCertificate c && Arrays.equals(c.subjectPublicKeyInfo, subjectPublicKeyInfo);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(subjectPublicKeyInfo);
    }

    @Override
    public String toString() {
        return "Certificate[RawPublicKey, " + subjectPublicKeyInfo.length + " bytes]";
    }
}
