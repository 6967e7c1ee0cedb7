package org.dtls4j.crypto.kx;

import java.math.BigInteger;
import java.security.InvalidKeyException;

/**
 * Wire form of an X25519 public key: the u-coordinate as 32 little-endian bytes (RFC 7748 §5,
 * used as is by TLS, RFC 8422 §5.4).
 *
 * <p>RFC 7748 §5: "When receiving such an array, implementations of X25519 (but not X448) MUST
 * mask the most significant bit in the final byte." and "Implementations MUST accept
 * non-canonical values and process them as if they had been reduced modulo the field prime."
 * Both are done here, so the JCA provider always sees a canonical u in [0, p).
 */
public final class X25519Codec {

    /** Public keys and shared secrets are 32 bytes (RFC 7748 §6.1). */
    public static final int LENGTH = 32;
    /** SEQUENCE { SEQUENCE { OID 1.3.101.110 }, BIT STRING (0 unused bits) ... }. */
    private static final byte[] SPKI_HEADER = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
    };
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private X25519Codec() {
    }

    /** The u-coordinate from the wire: masked, little-endian, reduced mod 2^255 - 19. */
    public static BigInteger decode(byte[] wire) throws InvalidKeyException {
        if (wire.length != LENGTH) {
            throw new InvalidKeyException("x25519 public key must be 32 bytes, got " + wire.length);
        }
        byte[] be = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            be[i] = wire[LENGTH - 1 - i];
        }
        be[0] &= 0x7F;
        return new BigInteger(1, be).mod(P);
    }

    /**
     * The X.509 SubjectPublicKeyInfo of an X25519 key (RFC 8410 §4): the fixed DER header for
     * algorithm id-X25519 (1.3.101.110) and a 33-byte BIT STRING, then the 32 key bytes.
     */
    public static byte[] subjectPublicKeyInfo(BigInteger u) {
        byte[] spki = new byte[SPKI_HEADER.length + LENGTH];
        System.arraycopy(SPKI_HEADER, 0, spki, 0, SPKI_HEADER.length);
        System.arraycopy(encode(u), 0, spki, SPKI_HEADER.length, LENGTH);
        return spki;
    }

    /**
     * The 32 key bytes of an X25519 SubjectPublicKeyInfo (RFC 8410 §4), or {@code null} if
     * {@code spki} is not exactly the fixed header and 32 bytes. Every provider encodes its keys
     * this way, so a fresh key pair's wire form needs neither a provider-specific key class nor a
     * BigInteger round trip.
     */
    public static byte[] fromSubjectPublicKeyInfo(byte[] spki) {
        if (spki == null || spki.length != SPKI_HEADER.length + LENGTH
                || !java.util.Arrays.equals(spki, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
            return null;
        }
        return java.util.Arrays.copyOfRange(spki, SPKI_HEADER.length, spki.length);
    }

    /** 32 little-endian bytes of {@code u}. */
    public static byte[] encode(BigInteger u) {
        byte[] be = new byte[LENGTH];
        EcPointCodec.writeFixed(u.mod(P), be, 0, LENGTH);
        byte[] le = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            le[i] = be[LENGTH - 1 - i];
        }
        return le;
    }
}
