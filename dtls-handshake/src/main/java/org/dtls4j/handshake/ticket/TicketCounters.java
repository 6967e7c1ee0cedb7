package org.dtls4j.handshake.ticket;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one server's tickets did: issued, resumed, and rejected by {@link TicketRejection} reason.
 * Shared by every connection of the server; thread-safe.
 */
public final class TicketCounters {
    private final LongAdder issued = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final Map<TicketRejection, LongAdder> rejected = new EnumMap<>(TicketRejection.class);

    TicketCounters() {
        for (TicketRejection r : TicketRejection.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /** A NewSessionTicket was sent after a full handshake. */
    public void issued() { issued.increment(); }
    /** A NewSessionTicket was sent in an abbreviated handshake, sealing the resumed session again. */
    public void renewed() { renewed.increment(); }
    /** A ticket resumed a session. */
    public void resumed() { resumed.increment(); }
    /** A ticket was presented and not used. */
    public void rejected(TicketRejection reason) { rejected.get(reason).increment(); }

    public long issuedCount() { return issued.sum(); }
    public long renewedCount() { return renewed.sum(); }
    public long resumedCount() { return resumed.sum(); }
    public long rejectedCount(TicketRejection reason) { return rejected.get(reason).sum(); }

    /** Every rejection, whatever the reason. */
    public long rejectedCount() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("tickets issued=" + issuedCount() + " renewed=" + renewedCount()
                + " resumed=" + resumedCount());
        for (TicketRejection r : TicketRejection.values()) {
            long n = rejectedCount(r);
            if (n > 0) {
                b.append(' ').append(r.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        }
        return b.toString();
    }
}
