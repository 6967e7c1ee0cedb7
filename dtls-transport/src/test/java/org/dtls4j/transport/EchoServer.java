package org.dtls4j.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** Test fixture: echoes every datagram of every connection, one daemon thread per connection. */
final class EchoServer {
    private final AtomicInteger echoed = new AtomicInteger();

    private EchoServer() {
    }

    static EchoServer on(DtlsServer server) {
        EchoServer echo = new EchoServer();
        server.onConnection(c -> {
            Thread t = new Thread(() -> echo.serve(c), "echo-" + c.peer().getPort());
            t.setDaemon(true);
            t.start();
        });
        return echo;
    }

    int echoed() {
        return echoed.get();
    }

    private void serve(DtlsConnection c) {
        try {
            while (true) {
                c.send(c.receive());
                echoed.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            // the connection ended: the thread ends with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
