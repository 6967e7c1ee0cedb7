package org.dtls4j.handshake.extension;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The record_size_limit extension (RFC 8449 §4): the most plaintext bytes its sender is willing
 * to receive in one protected record.
 *
 * <pre>
 * uint16 RecordSizeLimit;
 * </pre>
 *
 * Each side states its own limit, and each limit applies to the records the <em>other</em> side
 * sends: RFC 8449 §4, "The record size limit only applies to records sent toward the endpoint that
 * advertises the limit." For DTLS 1.2 the value counts all the plaintext of a record, not the
 * expansion that protection adds. RFC 8449 §4: "Endpoints MUST NOT send a "record_size_limit"
 * extension with a value smaller than 64. An endpoint MUST treat receipt of a smaller value as a
 * fatal error and generate an "illegal_parameter" alert." This codec therefore keeps any uint16 it
 * reads, and the negotiation decides on the alert; a length other than two bytes is a decode_error.
 *
 * @param limit the value on the wire, 0..65535
 */
public record RecordSizeLimit(int limit) {
    public static final ExtensionType TYPE = ExtensionType.RECORD_SIZE_LIMIT;
    /** The smallest value an endpoint may send (RFC 8449 §4). */
    public static final int MIN_LIMIT = 64;

    public RecordSizeLimit {
        if (limit < 0 || limit > 0xFFFF) {
            throw new IllegalArgumentException("record_size_limit is a uint16, got " + limit);
        }
    }

    public byte[] encode() {
        return new ByteWriter(2).u16(limit).toByteArray();
    }

    public static RecordSizeLimit decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        int limit = r.u16();
        r.expectEmpty("record_size_limit");
        return new RecordSizeLimit(limit);
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
