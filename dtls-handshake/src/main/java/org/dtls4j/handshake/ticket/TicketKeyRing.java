package org.dtls4j.handshake.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of ticket keys: the first seals, every one opens. Rotation replaces the ring:
 * the new key goes first and the old current one stays behind it for the overlap window, as a file
 * that several servers read does it (one key per line, first line current).
 */
public final class TicketKeyRing implements TicketKeys {
    private final TicketKey current;
    private final List<TicketKey> all;

    /**
     * @param current  seals new tickets, and opens
     * @param previous still open tickets, for the overlap window after a rotation
     * @throws IllegalArgumentException when two keys share a name
     */
    public TicketKeyRing(TicketKey current, List<TicketKey> previous) {
        List<TicketKey> keys = new ArrayList<>();
        keys.add(current);
        for (TicketKey k : previous) {
            for (TicketKey seen : keys) {
                if (seen.isNamed(k.name())) {
                    throw new IllegalArgumentException("two ticket keys share the name " + k);
                }
            }
            keys.add(k);
        }
        this.current = current;
        this.all = List.copyOf(keys);
    }

    @Override
    public TicketKey current(Instant now) {
        return current;
    }

    @Override
    public TicketKey find(byte[] keyName, Instant now) {
        for (TicketKey k : all) {
            if (k.isNamed(keyName)) {
                return k;
            }
        }
        return null;
    }

    /** Every key, current first. */
    public List<TicketKey> keys() {
        return all;
    }

    @Override
    public String toString() {
        return "TicketKeyRing" + all;
    }
}
