package org.dtls4j.transport.io;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The prefix of every log line about one peer, {@code [127.0.0.1:4433] }, the same as the engine's
 * trace lines begin with: a grep for the address finds the transport's lines and the handshake's.
 */
public final class PeerLog {
    private PeerLog() {
    }

    /** {@code "[127.0.0.1:4433] "}, {@code "[[::1]:4433] "}: the address without InetSocketAddress's host-name slash. */
    public static String prefix(SocketAddress peer) {
        if (peer instanceof InetSocketAddress a) {
            String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
            return "[" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "] ";
        }
        return "[" + peer + "] ";
    }
}
