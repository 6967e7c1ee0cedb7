package org.dtls4j.handshake.observe;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.record.Discard;

/** A listener that keeps every call, in order, as a typed event. */
final class Recorder implements DtlsListener {
    sealed interface Heard permits Started, Completed, Failed, Retransmitted, Discarded, Moved { }

    record Started(SocketAddress peer, boolean client) implements Heard { }

    record Completed(SocketAddress peer, Negotiated negotiated, Duration elapsed) implements Heard { }

    record Failed(SocketAddress peer, DtlsException failure, Optional<AlertDescription> alertSent) implements Heard { }

    record Retransmitted(SocketAddress peer, String flight, Duration timeout, boolean peerRetransmitted)
            implements Heard { }

    record Discarded(SocketAddress peer, Discard reason) implements Heard { }

    record Moved(SocketAddress from, SocketAddress to) implements Heard { }

    final List<Heard> heard = new ArrayList<>();

    @Override
    public void handshakeStarted(SocketAddress peer, boolean client) {
        heard.add(new Started(peer, client));
    }

    @Override
    public void handshakeCompleted(SocketAddress peer, Negotiated negotiated, Duration elapsed) {
        heard.add(new Completed(peer, negotiated, elapsed));
    }

    @Override
    public void failed(SocketAddress peer, DtlsException failure, Optional<AlertDescription> alertSent) {
        heard.add(new Failed(peer, failure, alertSent));
    }

    @Override
    public void retransmitted(SocketAddress peer, String flight, Duration timeout, boolean peerRetransmitted) {
        heard.add(new Retransmitted(peer, flight, timeout, peerRetransmitted));
    }

    @Override
    public void recordDiscarded(SocketAddress peer, Discard reason) {
        heard.add(new Discarded(peer, reason));
    }

    @Override
    public void peerAddressChanged(SocketAddress from, SocketAddress to) {
        heard.add(new Moved(from, to));
    }

    <T extends Heard> List<T> all(Class<T> type) {
        return heard.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Heard> T only(Class<T> type) {
        List<T> all = all(type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", heard " + heard);
        }
        return all.get(0);
    }
}
