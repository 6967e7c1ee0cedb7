package org.dtls4j.jmh.load;

import java.io.IOException;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;

/**
 * The echo service of the isolation run: every connection the server accepts sends each
 * application datagram it receives straight back. This is the one place that knows how a server
 * application reads its connections; today that is a blocking {@link DtlsConnection#receive()}
 * on a daemon thread per connection (the handler passed to {@link DtlsServer#onConnection} runs
 * on the server's own thread and must not block). When the transport offers a push-style receive
 * handler, {@link #serve} switches to it and nothing else changes.
 *
 * <p>A thread per connection is sound here: the established peers are 100, and each storm client
 * closes right after its handshake, so its thread lives for one {@code receive} that ends with
 * {@link ConnectionClosedException}.
 */
final class Echo {
    private static final System.Logger LOG = System.getLogger(Echo.class.getName());

    private Echo() {
    }

    /** Echoes on every connection {@code server} accepts from now on. */
    static void serve(DtlsServer server) {
        server.onConnection(Echo::start);
    }

    private static void start(DtlsConnection c) {
        Thread t = new Thread(() -> echo(c), "echo-" + c.peer().getPort());
        t.setDaemon(true);
        t.start();
    }

    private static void echo(DtlsConnection c) {
        try {
            while (true) {
                c.send(c.receive());
            }
        } catch (ConnectionClosedException ended) {
            // the peer closed or the server stopped: nothing left to echo
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "echo on " + c + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.close();
        }
    }
}
