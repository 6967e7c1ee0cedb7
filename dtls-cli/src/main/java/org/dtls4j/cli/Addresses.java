package org.dtls4j.cli;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Socket addresses written the way the options read them: {@code 127.0.0.1:4433}, {@code [::1]:4433}. */
final class Addresses {
    private Addresses() {
    }

    static String text(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        if (a.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }
}
