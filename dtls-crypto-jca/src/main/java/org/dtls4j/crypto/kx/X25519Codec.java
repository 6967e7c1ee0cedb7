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
