package org.dtls4j.crypto.kx;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/**
 * Wire form of a point on a NIST prime curve: the uncompressed encoding of SEC 1 §2.3.3, the only
 * form TLS 1.2 still allows (RFC 8422 §5.1.2: "Implementations of this document MUST support the
 * uncompressed format for all of their supported curves and MUST NOT support other formats for
 * curves defined in this specification.").
 *
 * <pre>
 *   struct {
 *       uint8 legacy_form = 4;
 *       opaque X[coordinate_length];
 *       opaque Y[coordinate_length];
 *   } UncompressedPointRepresentation;      (RFC 8446 §4.2.8.2, same bytes as RFC 8422 §5.4)
 * </pre>
 *
 * <p>Decoding validates the point itself rather than trusting the JCA provider to do so (some
 * providers accept points off the curve, which opens invalid-curve attacks): the length, the
 * 0x04 form byte, both coordinates in [0, p), and the curve equation y^2 = x^3 + ax + b (mod p).
 * The point at infinity (encoded as the single byte 0x00) is refused by name; it has no
 * uncompressed encoding of the right length, so it cannot get through in any other shape. secp256r1 and secp384r1 have cofactor 1, so a point on the curve is in the prime-order
 * group and no further subgroup check is needed. RFC 8422 §5.11: "A receiving party MUST check
 * that the x and y parameters from the peer's public value satisfy the curve equation,
 * y^2 = x^3 + ax + b mod p."
 */
public final class EcPointCodec {

    private static final int UNCOMPRESSED = 0x04;

    private EcPointCodec() {
    }

    /** Bytes per coordinate: the field size rounded up to whole bytes. */
    public static int coordinateLength(ECParameterSpec params) {
        return (params.getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** {@code 0x04 || X || Y}, each coordinate left-padded to the field size. */
    public static byte[] encode(ECPoint w, ECParameterSpec params) {
        int n = coordinateLength(params);
        byte[] out = new byte[1 + 2 * n];
        out[0] = UNCOMPRESSED;
        writeFixed(w.getAffineX(), out, 1, n);
        writeFixed(w.getAffineY(), out, 1 + n, n);
        return out;
    }

    /**
     * Parses and validates a peer's uncompressed point.
     *
     * @throws InvalidKeyException naming what is wrong: length, form, range, or not on the curve
     */
    public static ECPoint decode(byte[] wire, ECParameterSpec params, String curveName) throws InvalidKeyException {
        int n = coordinateLength(params);
        if (wire.length == 1 && wire[0] == 0) {
            // SEC 1 §2.3.3: the point at infinity is encoded as the single byte 0x00.
            throw new InvalidKeyException(curveName + " public key is the point at infinity");
        }
        if (wire.length != 1 + 2 * n) {
            throw new InvalidKeyException(curveName + " public key must be " + (1 + 2 * n)
                    + " bytes (uncompressed point), got " + wire.length);
        }
        if ((wire[0] & 0xFF) != UNCOMPRESSED) {
            throw new InvalidKeyException(curveName + " public key is not in uncompressed form (first byte 0x"
                    + Integer.toHexString(wire[0] & 0xFF) + ", expected 0x04)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(wire, 1, 1 + n));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(wire, 1 + n, 1 + 2 * n));
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeyException(curveName + " public key has a coordinate outside the field");
        }
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p);
        if (!lhs.equals(rhs)) {
            throw new InvalidKeyException(curveName + " public key is not a point on the curve");
        }
        return new ECPoint(x, y);
    }

    /** Writes a non-negative integer big-endian into exactly {@code len} bytes. */
    public static void writeFixed(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int skip = 0;
        while (skip < b.length - 1 && b[skip] == 0) {
            skip++; // drop the sign byte BigInteger adds
        }
        int n = b.length - skip;
        if (n > len) {
            throw new IllegalArgumentException("value needs " + n + " bytes, field is " + len);
        }
        System.arraycopy(b, skip, out, off + len - n, n);
    }
}
