package org.dtls4j.handshake.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.FlightRewriter;

/**
 * Removes chosen records from the link, wherever the sender packed them: records are numbered from
 * 0 in the order the two endpoints emit them (both directions together, retransmissions included),
 * and each record whose number is a target is cut out of its datagram. A datagram left empty is
 * not sent. With no targets it only counts, which gives the reference numbering of a run.
 */
final class RecordDropper implements FlightRewriter {
    /** One record that went by: its number, direction and bytes. */
    record Seen(int index, Direction direction, Wire.Rec rec) {
        /** Which way, what content type, epoch and (for epoch-0 handshake records) message type. */
        String describe() {
            String what = switch (rec.type()) {
                case Wire.HANDSHAKE -> rec.epoch() == 0 ? "handshake type " + (rec.bytes()[13] & 0xFF) : "handshake (encrypted)";
                case Wire.CHANGE_CIPHER_SPEC -> "ChangeCipherSpec";
                case Wire.APPLICATION_DATA -> "application data";
                default -> "content type " + rec.type();
            };
            return (direction == Direction.CLIENT_TO_SERVER ? "C->S" : "S->C") + " #" + index + " " + what
                    + " epoch " + rec.epoch();
        }
    }

    private final Set<Integer> targets;
    private final List<Seen> seen = new ArrayList<>();
    private final List<Seen> dropped = new ArrayList<>();

    RecordDropper(Set<Integer> targets) {
        this.targets = Set.copyOf(targets);
    }

    @Override
    public List<byte[]> rewrite(Direction direction, int flight, List<byte[]> datagrams) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            List<byte[]> keep = new ArrayList<>();
            for (Wire.Rec r : Wire.records(datagram)) {
                Seen s = new Seen(seen.size(), direction, r);
                seen.add(s);
                if (targets.contains(s.index())) {
                    dropped.add(s);
                } else {
                    keep.add(r.bytes());
                }
            }
            if (!keep.isEmpty()) {
                out.add(Wire.datagram(keep));
            }
        }
        return out;
    }

    /** Every record that went by, in order. */
    List<Seen> seen() {
        return seen;
    }

    /** The records removed, in order. */
    List<Seen> dropped() {
        return dropped;
    }
}
