package org.dtls4j.interop;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what one direction of a DTLS flow carries, from the plaintext headers only: records,
 * and handshake fragments that hold less than their whole message.
 *
 * <pre>
 *   record header (RFC 6347 §4.1):     type(1) version(2) epoch(2) sequence_number(6) length(2)
 *   handshake header (RFC 6347 §4.2.2): msg_type(1) length(3) message_seq(2)
 *                                       fragment_offset(3) fragment_length(3)
 * </pre>
 *
 * Only epoch-0 handshake records (content type 22) are looked into: later epochs are encrypted.
 * A truncated header simply ends the walk of that datagram; this is an observer, not a parser
 * that rejects.
 */
final class DatagramInspector {

    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int HANDSHAKE = 22;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong partialFragments = new AtomicLong();
    private final AtomicLong multiRecordDatagrams = new AtomicLong();

    /** Looks at one datagram. */
    void observe(byte[] b, int off, int len) {
        int end = off + len;
        int pos = off;
        int inThisDatagram = 0;
        while (end - pos >= RECORD_HEADER) {
            int type = b[pos] & 0xFF;
            int epoch = u16(b, pos + 3);
            int length = u16(b, pos + 11);
            int body = pos + RECORD_HEADER;
            if (body + length > end) {
                break;
            }
            records.incrementAndGet();
            inThisDatagram++;
            if (type == HANDSHAKE && epoch == 0 && length >= HANDSHAKE_HEADER) {
                int messageLength = u24(b, body + 1);
                int fragmentLength = u24(b, body + 9);
                if (fragmentLength < messageLength) {
                    partialFragments.incrementAndGet();
                }
            }
            pos = body + length;
        }
        if (inThisDatagram > 1) {
            multiRecordDatagrams.incrementAndGet();
        }
    }

    /** Records seen. */
    long records() {
        return records.get();
    }

    /** Epoch-0 handshake fragments shorter than their message (the message was fragmented, RFC 6347 §4.2.3). */
    long partialFragments() {
        return partialFragments.get();
    }

    /** Datagrams that carried more than one record. */
    long multiRecordDatagrams() {
        return multiRecordDatagrams.get();
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int u24(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
    }
}
