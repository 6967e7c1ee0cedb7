package org.dtls4j.handshake.message;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The Certificate body (RFC 5246 §7.4.2, §7.4.6): a chain of DER certificates, the sender's own
 * first. No X.509 parsing happens here.
 *
 * <pre>
 * opaque ASN.1Cert&lt;1..2^24-1&gt;;
 * struct {
 *     ASN.1Cert certificate_list&lt;0..2^24-1&gt;;
 * } Certificate;
 * </pre>
 *
 * An empty list is valid: RFC 5246 §7.4.6, "If no suitable certificate is available, the client
 * MUST send a certificate message containing no certificates."
 *
 * @param certificates the DER encodings, each non-empty; copied in and out
 */
public record Certificate(List<byte[]> certificates) implements HandshakeMessage {
    /** Largest certificate_list body a uint24 length can describe. */
    public static final int MAX_LIST_LENGTH = 0xFFFFFF;

    public Certificate {
        certificates = Checks.copyAll(certificates);
        long total = 0;
        for (byte[] c : certificates) {
            Checks.require(c.length > 0, "ASN.1Cert must not be empty");
            total += 3 + c.length;
        }
        Checks.require(total <= MAX_LIST_LENGTH, "certificate_list longer than 2^24-1 bytes: ", total);
    }

    /** The message of a client that has no certificate to send. */
    public static Certificate empty() {
        return new Certificate(List.of());
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    /** Copies of the DER certificates, the sender's own first. */
    @Override
    public List<byte[]> certificates() {
        return Checks.copyAll(certificates);
    }

    public int size() {
        return certificates.size();
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    @Override
    public void encode(ByteWriter w) {
        w.lengthPrefixed24(list -> certificates.forEach(list::opaque24));
    }

    public static Certificate decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        ByteReader list = r.sub24();
        r.expectEmpty("Certificate");
        List<byte[]> certificates = new ArrayList<>();
        while (list.hasRemaining()) {
            certificates.add(list.opaque24());
        }
        return Checks.decoded("Certificate", () -> new Certificate(certificates));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c && Checks.equalAll(c.certificates, certificates);
    }

    @Override
    public int hashCode() {
        return Checks.hashAll(certificates);
    }

    @Override
    public String toString() {
        return "Certificate[" + certificates.stream().map(c -> c.length + " bytes").toList() + "]";
    }
}
