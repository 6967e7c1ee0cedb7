package org.dtls4j.transport;

import java.nio.ByteBuffer;
import org.dtls4j.record.RecordHeader;

/**
 * The buffers a thread uses to move bytes out of an engine without allocating: one for the
 * datagrams it sends (direct, so the socket writes it without a further copy) and one for the
 * application datagrams it lends to a {@link DatagramHandler}. A thread uses each for one engine
 * call at a time, under that connection's lock; sending from a handler uses the other buffer.
 */
final class ThreadBuffers {
    private static final ThreadLocal<ByteBuffer> OUTGOING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(RecordHeader.MAX_RECORD_LENGTH));
    private static final ThreadLocal<ByteBuffer> RECEIVED =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(RecordHeader.MAX_PLAINTEXT_LENGTH));

    private ThreadBuffers() {
    }

    /** This thread's buffer for a datagram on its way to the socket, cleared. */
    static ByteBuffer outgoing() {
        return OUTGOING.get().clear();
    }

    /** This thread's buffer for an application datagram on its way to a handler, cleared. */
    static ByteBuffer received() {
        return RECEIVED.get().clear();
    }
}
