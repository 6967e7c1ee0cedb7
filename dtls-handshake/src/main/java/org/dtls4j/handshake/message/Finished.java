package org.dtls4j.handshake.message;

import java.security.MessageDigest;
import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The Finished body (RFC 5246 §7.4.9): the PRF of the master secret over the handshake
 * transcript, which both sides compare to detect tampering.
 *
 * <pre>
 * struct {
 *     opaque verify_data[verify_data_length];
 * } Finished;
 * </pre>
 *
 * RFC 5246 §7.4.9: "In previous versions of TLS, the verify_data was always 12 octets long. In
 * the current version of TLS, it depends on the cipher suite." Every suite we implement keeps the
 * default of 12 bytes, so this codec accepts exactly 12.
 *
 * @param verifyData the 12 verify_data bytes
 */
public record Finished(byte[] verifyData) implements HandshakeMessage {
    /** verify_data_length of every suite we implement (RFC 5246 §7.4.9 default). */
    public static final int VERIFY_DATA_LENGTH = 12;

    public Finished {
        Checks.require(verifyData.length == VERIFY_DATA_LENGTH,
                "verify_data must be " + VERIFY_DATA_LENGTH + " bytes, got " + verifyData.length);
        verifyData = verifyData.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public byte[] verifyData() {
        return verifyData.clone();
    }

    /** Compares with the expected value in constant time (MessageDigest.isEqual). */
    public boolean matches(byte[] expected) {
        return MessageDigest.isEqual(verifyData, expected);
    }

    @Override
    public void encode(ByteWriter w) {
        w.bytes(verifyData);
    }

    public static Finished decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] verifyData = r.bytes(VERIFY_DATA_LENGTH);
        r.expectEmpty("Finished");
        return new Finished(verifyData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finished f && Arrays.equals(f.verifyData, verifyData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(verifyData);
    }

    @Override
    public String toString() {
        return "Finished[" + Checks.hex(verifyData) + "]";
    }
}
