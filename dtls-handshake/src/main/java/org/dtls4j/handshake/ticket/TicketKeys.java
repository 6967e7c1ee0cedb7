package org.dtls4j.handshake.ticket;

import java.time.Instant;
import java.util.List;

/**
 * Where a server's ticket keys come from: the one that seals new tickets, and the ones that still
 * open old tickets (the current key and, for an overlap window after a rotation, the previous
 * ones). Servers that share a source resume each other's sessions without sharing any other state.
 *
 * <p>Implementations are called from many connections at once and must be thread-safe. A source
 * must never give out two different keys under one name.
 */
public interface TicketKeys {

    /** The key that seals tickets issued at {@code now}. */
    TicketKey current(Instant now);

    /**
     * The key called {@code keyName} if it still opens tickets at {@code now}, or {@code null}: a
     * ticket under any other name is not opened, and the client gets a full handshake.
     */
    TicketKey find(byte[] keyName, Instant now);

    /** A fixed list: {@code current} seals, it and {@code previous} open. */
    static TicketKeys of(TicketKey current, TicketKey... previous) {
        return new TicketKeyRing(current, List.of(previous));
    }
}
