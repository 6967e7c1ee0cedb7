package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The server's ephemeral ECDH parameters: a named group and its public key (RFC 8422 §5.4).
 * These are the bytes the server signs in a signed ECDHE ServerKeyExchange.
 *
 * <pre>
 * enum { explicit_prime (1), explicit_char2 (2), named_curve (3), (255) } ECCurveType;
 * struct {
 *     ECCurveType curve_type;                          // always named_curve here
 *     select (curve_type) {
 *         case named_curve: NamedCurve namedcurve;
 *     };
 * } ECParameters;
 * struct {
 *     opaque point &lt;1..2^8-1&gt;;
 * } ECPoint;
 * struct {
 *     ECParameters curve_params;
 *     ECPoint public;
 * } ServerECDHParams;
 * </pre>
 *
 * RFC 8422 §5.4 deprecates the explicit curve types (codes 1 and 2, which carried the curve's
 * parameters inline); only named_curve (3) decodes. Whether the group and point are acceptable is checked
 * by the key exchange, which knows the point length of each group.
 *
 * @param namedGroup the NamedGroup code point (e.g. 29 for x25519)
 * @param publicKey the encoded point, 1 to 255 bytes (32 for x25519, 65 for an uncompressed P-256 point)
 */
public record ServerEcdhParams(int namedGroup, byte[] publicKey) {
    /** ECCurveType named_curve. */
    public static final int NAMED_CURVE = 3;

    public ServerEcdhParams {
        Checks.require(namedGroup >= 0 && namedGroup <= 0xFFFF, "named group out of range: ", namedGroup);
        Checks.require(publicKey.length >= 1, "ECPoint must not be empty");
        publicKey = Checks.copy(publicKey, 0xFF, "ECPoint");
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public void encode(ByteWriter w) {
        w.u8(NAMED_CURVE).u16(namedGroup).opaque8(publicKey);
    }

    /** The ServerECDHParams bytes: curve_type, named curve, point. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(4 + publicKey.length);
        encode(w);
        return w.toByteArray();
    }

    public static ServerEcdhParams decode(ByteReader r) throws DecodeException {
        int curveType = r.u8();
        if (curveType != NAMED_CURVE) {
            throw new DecodeException("ECParameters: curve_type " + curveType + " is not named_curve (3)");
        }
        int group = r.u16();
        byte[] point = r.opaque8();
        return Checks.decoded("ServerECDHParams", () -> new ServerEcdhParams(group, point));
    }

    /**
     * The bytes covered by the server's signature (RFC 8422 §5.4):
     * <pre>
     * digitally-signed struct {
     *     opaque client_random[32];
     *     opaque server_random[32];
     *     ServerECDHParams params;
     * } Signature;
     * </pre>
     */
    public byte[] signatureInput(byte[] clientRandom, byte[] serverRandom) {
        Checks.require(clientRandom.length == 32 && serverRandom.length == 32, "randoms must be 32 bytes");
        ByteWriter w = new ByteWriter(68 + publicKey.length);
        w.bytes(clientRandom).bytes(serverRandom);
        encode(w);
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerEcdhParams p && p.namedGroup == namedGroup && Arrays.equals(p.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * namedGroup + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "ServerEcdhParams[group=" + namedGroup + ", publicKey=" + Checks.hex(publicKey) + "]";
    }
}
