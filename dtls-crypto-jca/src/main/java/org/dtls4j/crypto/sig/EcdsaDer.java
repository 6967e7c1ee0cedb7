package org.dtls4j.crypto.sig;

import java.math.BigInteger;

/**
 * Strict check of a DER-encoded ECDSA signature before it reaches the JCA provider.
 *
 * <pre>
 *   Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }        (RFC 3279 §2.2.3; TLS: RFC 8422 §5.4)
 * </pre>
 *
 * <p>Accepted: exactly one SEQUENCE holding exactly two INTEGERs, every length in its shortest
 * form, every integer minimally encoded and positive, 0 &lt; r, s &lt; n, and nothing after the
 * sequence. Anything else (BER lengths, leading zero padding, negative numbers, trailing bytes,
 * extra elements) is refused, whatever the provider would do: a signature has exactly one
 * encoding, so it cannot be altered into a second valid one.
 */
public final class EcdsaDer {

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private final byte[] der;
    private int pos;

    private EcdsaDer(byte[] der) {
        this.der = der;
    }

    /** Whether {@code der} is the one canonical encoding of a signature with r, s in [1, n-1]. */
    public static boolean isCanonical(byte[] der, BigInteger order) {
        EcdsaDer d = new EcdsaDer(der);
        if (d.tag() != SEQUENCE) {
            return false;
        }
        int seqLen = d.length();
        if (seqLen < 0 || seqLen != der.length - d.pos) {
            return false;
        }
        BigInteger r = d.integer();
        BigInteger s = r == null ? null : d.integer();
        return s != null && d.pos == der.length && inRange(r, order) && inRange(s, order);
    }

    private static boolean inRange(BigInteger v, BigInteger order) {
        return v.signum() > 0 && v.compareTo(order) < 0;
    }

    private int tag() {
        return pos < der.length ? der[pos++] & 0xFF : -1;
    }

    /** A DER length: short form below 128, else 0x81..0x82 and the minimal number of bytes. */
    private int length() {
        if (pos >= der.length) {
            return -1;
        }
        int first = der[pos++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7F;
        if (count == 0 || count > 2 || der.length - pos < count || der[pos] == 0) {
            return -1; // indefinite, too long for a signature, truncated, or not minimal
        }
        int len = 0;
        for (int i = 0; i < count; i++) {
            len = (len << 8) | (der[pos++] & 0xFF);
        }
        return len < 0x80 ? -1 : len; // long form for a length that fits the short form
    }

    /** An INTEGER with minimal, positive content; {@code null} if malformed. */
    private BigInteger integer() {
        if (tag() != INTEGER) {
            return null;
        }
        int len = length();
        if (len <= 0 || len > der.length - pos) {
            return null;
        }
        int start = pos;
        pos += len;
        if ((der[start] & 0x80) != 0) {
            return null; // negative
        }
        if (len > 1 && der[start] == 0 && (der[start + 1] & 0x80) == 0) {
            return null; // a leading zero that is not needed
        }
        byte[] v = new byte[len];
        System.arraycopy(der, start, v, 0, len);
        return new BigInteger(1, v);
    }
}
