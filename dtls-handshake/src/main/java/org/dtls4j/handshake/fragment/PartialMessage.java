package org.dtls4j.handshake.fragment;

import java.util.ArrayList;
import java.util.List;

/**
 * One handshake message being put together: its body buffer and the byte ranges still missing
 * (RFC 6347 §4.2.3).
 *
 * <p>Tracking what is <em>missing</em> rather than which fragments arrived is what lets overlapping
 * and differently split retransmissions complete: RFC 6347 §4.2.3, "DTLS implementations MUST be
 * able to handle overlapping fragment ranges. This allows senders to retransmit handshake messages
 * with smaller fragment sizes if the PMTU estimate changes." A fragment fills whatever part of the
 * missing ranges it covers; bytes already received are kept (the first copy wins).
 *
 * <p>The missing ranges are kept sorted and disjoint, half-open {@code [start, end)}. The
 * {@link Reassembler} asks {@link #missingRangesAfter(int, int)} before {@link #fill(int, byte[])}
 * so that it can cap the list's length, and with it the work one fragment costs.
 */
final class PartialMessage {

    /** A half-open byte range {@code [start, end)} of the body that has not arrived yet. */
    private record Range(int start, int end) {
    }

    private final int msgType;
    private final byte[] body;
    private final List<Range> missing = new ArrayList<>();

    /** Allocates the body buffer: call only once the declared length has passed every cap. */
    PartialMessage(int msgType, int length) {
        this.msgType = msgType;
        this.body = new byte[length];
        if (length > 0) {
            missing.add(new Range(0, length));
        }
    }

    int msgType() {
        return msgType;
    }

    /** The declared message length, which is also the size of the buffer held. */
    int length() {
        return body.length;
    }

    /** True when a fragment agrees with the first one on the message's type and length. */
    boolean matches(int otherType, int otherLength) {
        return msgType == otherType && body.length == otherLength;
    }

    boolean isComplete() {
        return missing.isEmpty();
    }

    int missingRangeCount() {
        return missing.size();
    }

    /**
     * How many missing ranges would remain after the bytes {@code [from, to)} arrived, without
     * changing anything. A fragment inside a gap splits it in two, so the count can grow by one.
     */
    int missingRangesAfter(int from, int to) {
        if (from >= to) {
            return missing.size();
        }
        int count = 0;
        for (Range r : missing) {
            if (r.end() <= from || r.start() >= to) {
                count++;
                continue;
            }
            if (r.start() < from) {
                count++;
            }
            if (r.end() > to) {
                count++;
            }
        }
        return count;
    }

    /**
     * Copies the parts of {@code data} (the bytes {@code [offset, offset + data.length)} of the body)
     * that fall into missing ranges, and shrinks or splits those ranges.
     */
    void fill(int offset, byte[] data) {
        int from = offset;
        int to = offset + data.length;
        if (from >= to) {
            return;
        }
        List<Range> after = new ArrayList<>(missing.size() + 1);
        for (Range r : missing) {
            if (r.end() <= from || r.start() >= to) {
                after.add(r);
                continue;
            }
            int copyStart = Math.max(r.start(), from);
            int copyEnd = Math.min(r.end(), to);
            System.arraycopy(data, copyStart - offset, body, copyStart, copyEnd - copyStart);
            if (r.start() < from) {
                after.add(new Range(r.start(), from));
            }
            if (r.end() > to) {
                after.add(new Range(to, r.end()));
            }
        }
        missing.clear();
        missing.addAll(after);
    }

    /** The body buffer itself; valid once {@link #isComplete()}. */
    byte[] body() {
        return body;
    }
}
