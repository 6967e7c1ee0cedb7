package org.dtls4j.jmh.load;

import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;

/**
 * The echo service of the isolation run: every connection the server accepts sends each
 * application datagram it receives straight back. This is the one place that knows how a server
 * application reads its connections: a push-style handler ({@link DtlsConnection#onReceive}) that
 * echoes on the connection worker that decrypted the datagram, with no thread per connection and
 * nothing allocated per datagram.
 */
final class Echo {
    private Echo() {
    }

    /** Echoes on every connection {@code server} accepts from now on. */
    static void serve(DtlsServer server) {
        server.onConnection(c -> c.onReceive((connection, data) -> connection.send(data)));
    }
}
