package org.dtls4j.handshake;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Where this side's Connection IDs come from (RFC 9146). A CID is the value the peer puts into
 * every record it sends us, so that we find the association by CID instead of by address: after
 * a NAT rebinding, a new address still carries the old CID.
 *
 * <p>Every CID a generator makes has the same {@link #length()}: the CID sits in the record header
 * without a length field (RFC 9146 §4), so a server reads the CID of an incoming record by the
 * length it asked for. The transport refuses a CID that an association in use already has.
 *
 * <p>A fleet behind a stateless load balancer encodes the node in the CID ({@link #withPrefix}):
 * the balancer routes a record by its CID's first bytes to the node that holds the association,
 * whatever address the record comes from. RFC 9146 §8 warns that a CID is visible on the wire and
 * lets an observer link a device's records across addresses; prefer random bits for the rest.
 */
public interface ConnectionIdGenerator {
    /** The length of every CID this generator makes, 0 to 255 bytes. 0: ask the peer for no CID. */
    int length();

    /** A new CID of {@link #length()} bytes for one association. */
    byte[] next();

    /**
     * Random CIDs of {@code length} bytes; 0 offers the extension with an empty CID, which tells the
     * peer "I will put your CID into my records, but want none in yours" (RFC 9146 §3).
     */
    static ConnectionIdGenerator random(int length, SecureRandom random) {
        return withPrefix(new byte[0], length, random);
    }

    /**
     * CIDs of {@code length} bytes that start with {@code prefix} (a node identifier, say) and end
     * in random bytes.
     *
     * @throws IllegalArgumentException when the prefix leaves no random byte, or the length is
     *         outside 0 to 255
     */
    static ConnectionIdGenerator withPrefix(byte[] prefix, int length, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] fixed = prefix.clone();
        if (length < 0 || length > 255) {
            throw new IllegalArgumentException("a connection ID is 0 to 255 bytes long: " + length);
        }
        if (length > 0 && fixed.length >= length) {
            throw new IllegalArgumentException("a " + fixed.length + "-byte prefix leaves no random byte in a "
                    + length + "-byte connection ID");
        }
        return new ConnectionIdGenerator() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public byte[] next() {
                byte[] cid = new byte[length];
                if (length > 0) {
                    byte[] tail = new byte[length - fixed.length];
                    random.nextBytes(tail);
                    System.arraycopy(fixed, 0, cid, 0, fixed.length);
                    System.arraycopy(tail, 0, cid, fixed.length, tail.length);
                }
                return cid;
            }
        };
    }
}
