package org.dtls4j.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * Finds the connection a datagram belongs to by the CID of its first record, before any
 * connection's state is touched (RFC 9146 §3: "if the tls12_cid content type is set, then the CID
 * is used to look up the connection and the security association").
 *
 * <p>The CID has no length on the wire, so an endpoint that routes by CID gives all its
 * connections CIDs of one length and passes that length here (RFC 9146 §4: "an implementation can
 * choose to receive CIDs of a fixed length").
 *
 * <p>Only the header is looked at, and nothing here is authenticated: the record layer of the
 * connection found still checks the CID, the epoch and the tag. These methods never throw on the
 * datagram's contents; they answer "no CID" for anything that is not a plausible first record with
 * a CID: too short, another content type, a version other than DTLS 1.2, epoch 0 (which never
 * uses CIDs), or a length that runs past the datagram.
 */
public final class CidRecords {
    private CidRecords() {
    }

    /**
     * Whether the first record of {@code datagram[off, off+len)} says it is a tls12_cid record (its
     * first byte); the cheap test before a lookup by CID.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code datagram}
     */
    public static boolean isCidRecord(byte[] datagram, int off, int len) {
        Objects.checkFromIndexSize(off, len, datagram.length);
        return len > 0 && (datagram[off] & 0xFF) == ContentType.TLS12_CID;
    }

    /**
     * The CID of {@code datagram[off, off+len)}'s first record, or {@code null} if that is not a
     * record with a CID of {@code cidLength} bytes.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code datagram}
     * @throws IllegalArgumentException  if {@code cidLength} is not 1..255
     */
    public static byte[] firstRecordCid(byte[] datagram, int off, int len, int cidLength) {
        if (!hasCidRecordFirst(datagram, off, len, cidLength)) {
            return null;
        }
        int from = off + CidRecordHeader.CID_OFFSET;
        return Arrays.copyOfRange(datagram, from, from + cidLength);
    }

    /**
     * Whether {@code datagram[off, off+len)} starts with a record that carries {@code cid}: the
     * allocation-free form of {@link #firstRecordCid}, for checking a guess.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code datagram}
     * @throws IllegalArgumentException  if {@code cid} is not 1..255 bytes
     */
    public static boolean firstRecordCarries(byte[] datagram, int off, int len, byte[] cid) {
        return hasCidRecordFirst(datagram, off, len, cid.length) && CidRecordHeader.cidEquals(datagram, off, cid);
    }

    private static boolean hasCidRecordFirst(byte[] datagram, int off, int len, int cidLength) {
        Objects.checkFromIndexSize(off, len, datagram.length);
        if (cidLength < 1 || cidLength > CidRecordHeader.MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a CID in a record is 1 to 255 bytes, not " + cidLength);
        }
        int headerLength = CidRecordHeader.headerLength(cidLength);
        return len >= headerLength
                && RecordHeader.typeCodeAt(datagram, off) == ContentType.TLS12_CID
                && RecordHeader.versionAt(datagram, off) == ProtocolVersion.DTLS_1_2
                && RecordHeader.epochAt(datagram, off) != 0
                && CidRecordHeader.lengthAt(datagram, off, cidLength) <= len - headerLength;
    }
}
