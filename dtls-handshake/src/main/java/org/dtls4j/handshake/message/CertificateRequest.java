package org.dtls4j.handshake.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The CertificateRequest body (RFC 5246 §7.4.4; certificate types for ECDSA in RFC 8422 §5.5):
 * the server asks the client to authenticate.
 *
 * <pre>
 * enum { rsa_sign(1), ..., ecdsa_sign(64), (255) } ClientCertificateType;
 * opaque DistinguishedName&lt;1..2^16-1&gt;;
 * struct {
 *     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 *     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2^16-1&gt;;
 *     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;
 * } CertificateRequest;
 * </pre>
 *
 * Signature algorithms are raw 16-bit code points (SignatureScheme numbers). RFC 5246 writes the
 * list as {@code <2^16-1>}; it holds at least one entry in practice, and an empty one is refused.
 *
 * @param certificateTypes the acceptable ClientCertificateType codes, at least one
 * @param signatureAlgorithms the signature schemes the server can verify, at least one
 * @param certificateAuthorities DER-encoded distinguished names of acceptable CAs, each non-empty; may be empty
 */
public record CertificateRequest(List<Integer> certificateTypes, List<Integer> signatureAlgorithms,
                                 List<byte[]> certificateAuthorities) implements HandshakeMessage {
    /** ClientCertificateType rsa_sign (RFC 5246 §7.4.4). */
    public static final int RSA_SIGN = 1;
    /** ClientCertificateType ecdsa_sign (RFC 8422 §5.5). */
    public static final int ECDSA_SIGN = 64;

    public CertificateRequest {
        certificateTypes = Checks.codes(certificateTypes, 0xFF, "certificate type");
        Checks.require(!certificateTypes.isEmpty() && certificateTypes.size() <= 0xFF,
                "certificate_types must hold 1 to 255 entries, got " + certificateTypes.size());
        signatureAlgorithms = Checks.codes(signatureAlgorithms, 0xFFFF, "signature algorithm");
        Checks.require(!signatureAlgorithms.isEmpty() && signatureAlgorithms.size() <= 0x7FFF,
                "supported_signature_algorithms must hold 1 to 32767 entries, got " + signatureAlgorithms.size());
        certificateAuthorities = Checks.copyAll(certificateAuthorities);
        int total = 0;
        for (byte[] dn : certificateAuthorities) {
            Checks.require(dn.length > 0 && dn.length <= 0xFFFF, "DistinguishedName must be 1 to 65535 bytes");
            total += 2 + dn.length;
            Checks.require(total <= 0xFFFF, "certificate_authorities longer than 65535 bytes");
        }
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public List<byte[]> certificateAuthorities() {
        return Checks.copyAll(certificateAuthorities);
    }

    @Override
    public void encode(ByteWriter w) {
        w.lengthPrefixed8(types -> certificateTypes.forEach(types::u8));
        w.lengthPrefixed16(algorithms -> signatureAlgorithms.forEach(algorithms::u16));
        w.lengthPrefixed16(names -> certificateAuthorities.forEach(names::opaque16));
    }

    public static CertificateRequest decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        ByteReader typeList = r.sub8();
        List<Integer> types = new ArrayList<>();
        while (typeList.hasRemaining()) {
            types.add(typeList.u8());
        }
        ByteReader algorithmList = r.sub16();
        List<Integer> algorithms = new ArrayList<>();
        while (algorithmList.hasRemaining()) {
            algorithms.add(algorithmList.u16());
        }
        ByteReader nameList = r.sub16();
        List<byte[]> names = new ArrayList<>();
        while (nameList.hasRemaining()) {
            names.add(nameList.opaque16());
        }
        r.expectEmpty("CertificateRequest");
        return Checks.decoded("CertificateRequest", () -> new CertificateRequest(types, algorithms, names));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateRequest c
                && c.certificateTypes.equals(certificateTypes)
                && c.signatureAlgorithms.equals(signatureAlgorithms)
                && Checks.equalAll(c.certificateAuthorities, certificateAuthorities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateTypes, signatureAlgorithms, Checks.hashAll(certificateAuthorities));
    }

    @Override
    public String toString() {
        return "CertificateRequest[types=" + certificateTypes
                + ", signatureAlgorithms=" + signatureAlgorithms.stream().map(Checks::hex16).toList()
                + ", certificateAuthorities=" + certificateAuthorities.size() + "]";
    }
}
