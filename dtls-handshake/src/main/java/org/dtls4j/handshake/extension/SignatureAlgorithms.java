package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The signature_algorithms extension (RFC 5246 §7.4.1.4.1): the signature and hash pairs the
 * client can verify, most preferred first. Each entry is a 16-bit code point, the same numbers
 * TLS 1.3 calls SignatureScheme (RFC 8446 §4.2.3), e.g. 0x0403 for ECDSA with SHA-256.
 *
 * <pre>
 * SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt;;
 * </pre>
 *
 * @param schemes the code points; at least one, unknown ones kept
 */
public record SignatureAlgorithms(List<Integer> schemes) {
    public static final ExtensionType TYPE = ExtensionType.SIGNATURE_ALGORITHMS;

    public SignatureAlgorithms {
        schemes = Checks.codes(schemes, 0xFFFF, "signature scheme");
        Checks.require(!schemes.isEmpty(), "supported_signature_algorithms must not be empty");
        Checks.require(schemes.size() <= 0x7FFF, "too many signature schemes: ", schemes.size());
    }

    public static SignatureAlgorithms of(Integer... schemes) {
        return new SignatureAlgorithms(List.of(schemes));
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(2 + 2 * schemes.size());
        w.lengthPrefixed16(inner -> schemes.forEach(inner::u16));
        return w.toByteArray();
    }

    public static SignatureAlgorithms decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub16();
        List<Integer> schemes = new ArrayList<>();
        while (list.hasRemaining()) {
            schemes.add(list.u16());
        }
        r.expectEmpty("signature_algorithms");
        return Checks.decoded("signature_algorithms", () -> new SignatureAlgorithms(schemes));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
