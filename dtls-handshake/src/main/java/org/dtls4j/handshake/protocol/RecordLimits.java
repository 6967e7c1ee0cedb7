package org.dtls4j.handshake.protocol;

import org.dtls4j.record.RecordHeader;

/**
 * What the hellos agreed on about record sizes (RFC 6066 §4 max_fragment_length, RFC 8449
 * record_size_limit): the most plaintext bytes one record may carry in each direction, and from
 * which epoch on.
 *
 * <ul>
 *   <li>max_fragment_length limits both directions to the same length, from the first record after
 *       the ServerHello that accepts it: RFC 6066 §4, "Once a maximum fragment length other than
 *       2^14 has been successfully negotiated, the client and server MUST immediately begin
 *       fragmenting messages (including handshake messages) to ensure that no fragment larger than
 *       the negotiated length is sent." So {@code firstLimitedEpoch} is 0: the rest of the epoch-0
 *       flights (the server's from its ServerHello, the client's second) are limited too.</li>
 *   <li>record_size_limit limits each direction by the receiver's value, and only protected records:
 *       RFC 8449 §4, "Records are subject to the limits that were set in the handshake that produces
 *       the keys that are used to protect those records." So {@code firstLimitedEpoch} is 1: the
 *       epoch-0 flights are not limited, Finished and everything after are.</li>
 * </ul>
 *
 * The HelloVerifyRequest (RFC 6347 §4.2.1) and the hellos themselves come before any agreement
 * and are never limited. A record with a connection ID (RFC 9146) counts its whole
 * DTLSInnerPlaintext against the limit, real_type and padding included, as RFC 8449 §4 says of
 * TLS 1.3's TLSInnerPlaintext: the stricter reading, which no peer can find too large.
 *
 * @param sendLimit         the most plaintext bytes in a record we send from {@code firstLimitedEpoch} on
 * @param receiveLimit      the most plaintext bytes we accept in a protected record from the peer
 * @param firstLimitedEpoch 0 for max_fragment_length, 1 for record_size_limit
 * @param agreement         what was agreed, for traces and error messages: {@code "max_fragment_length"},
 *                          {@code "record_size_limit"} or {@code "none"}
 */
public record RecordLimits(int sendLimit, int receiveLimit, int firstLimitedEpoch, String agreement) {
    /** No extension agreed: records carry up to 2^14 bytes (RFC 5246 §6.2.1). */
    public static final RecordLimits NONE = new RecordLimits(RecordHeader.MAX_PLAINTEXT_LENGTH,
            RecordHeader.MAX_PLAINTEXT_LENGTH, 0, "none");

    public RecordLimits {
        if (sendLimit < 1 || sendLimit > RecordHeader.MAX_PLAINTEXT_LENGTH
                || receiveLimit < 1 || receiveLimit > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("record limits are 1..2^14 bytes: send " + sendLimit + ", receive " + receiveLimit);
        }
    }

    /** The most plaintext bytes a record we send in {@code epoch} may carry. */
    public int sendLimit(int epoch) {
        return epoch >= firstLimitedEpoch ? sendLimit : RecordHeader.MAX_PLAINTEXT_LENGTH;
    }

    /**
     * Whether a datagram should hold no more than one record of the limit: so for
     * max_fragment_length. RFC 6066 §4 gives the extension to "constrained clients" that "may need
     * to limit the size of ... records", and in DTLS the record limit is what such a client sizes its
     * receive buffer by (Eclipse Californium reads a datagram of the limit plus one record's
     * overhead, and drops a longer one as truncated). Several records packed into one datagram, as
     * RFC 6347 §4.1.1 otherwise allows, would defeat the extension. record_size_limit (RFC 8449)
     * limits protected records only and says nothing of datagrams, so its datagrams keep the
     * datagram size.
     */
    public boolean limitsDatagrams() {
        return agreement.equals("max_fragment_length");
    }

    @Override
    public String toString() {
        return agreement.equals("none") ? "no record size limit"
                : agreement + ": we send at most " + sendLimit + " and receive at most " + receiveLimit
                        + " plaintext bytes per record from epoch " + firstLimitedEpoch;
    }
}
