package org.dtls4j.handshake.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * The learner's trace of one connection: a line per protocol event, at DEBUG on the engine's
 * {@link System.Logger}, each prefixed with the peer's address, when the engine knows it, and the
 * side: {@code [127.0.0.1:4433] [client] sending CLIENT_HELLO ...}, so that the lines of
 * concurrent handshakes can be told apart. A line is built only when DEBUG is on, so the trace
 * costs nothing when it is off.
 */
final class Trace {
    private final System.Logger log;
    private final String side;
    private final Supplier<SocketAddress> peer;

    Trace(System.Logger log, boolean client, Supplier<SocketAddress> peer) {
        this.log = log;
        this.side = client ? "[client] " : "[server] ";
        this.peer = peer;
    }

    /** Whether lines are shown: work done only for the trace can be skipped when not. */
    boolean enabled() {
        return log.isLoggable(System.Logger.Level.DEBUG);
    }

    void line(Supplier<String> line) {
        if (enabled()) {
            log.log(System.Logger.Level.DEBUG, prefix() + line.get());
        }
    }

    /** A line about this connection that is not part of the protocol's story, e.g. a listener that threw. */
    void warning(String message, Throwable thrown) {
        log.log(System.Logger.Level.WARNING, prefix() + message, thrown);
    }

    private String prefix() {
        SocketAddress at = peer.get();
        return at == null ? side : "[" + name(at) + "] " + side;
    }

    /** {@code 127.0.0.1:4433}, {@code [::1]:4433}: the address without InetSocketAddress's host-name slash. */
    static String name(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
