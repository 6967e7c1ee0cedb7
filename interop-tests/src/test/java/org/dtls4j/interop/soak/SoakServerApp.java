package org.dtls4j.interop.soak;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DatagramHandler;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;

/**
 * The server's application in a soak run: it checks every datagram a client sends ({@link Stream})
 * and sends each client its own numbered stream, a datagram every {@code messageMillis} on
 * average once it knows which session the connection is. When a connection ends it files the
 * reason: close_notify from the client is the normal end; an idle timeout or a replaced
 * association (RFC 6347 §4.2.8) is a rule only if that client was already gone, and counts as
 * {@link SoakTally#LOST lost} otherwise, as does any other end of a live session.
 *
 * <p>This is the one place that knows how a server application reads its connections, and it
 * reads them both ways the transport offers: every other accepted connection gets a push-style
 * {@link DatagramHandler} ({@link DtlsConnection#onReceive}), which runs on the server's connection
 * workers; the rest are polled with {@code receive(Duration.ZERO)} by one thread every
 * {@value #TICK_MILLIS} ms (a thread per connection would be 10,000 threads). The same thread
 * sends every connection its stream and files the ends.
 */
final class SoakServerApp implements AutoCloseable {
    static final long TICK_MILLIS = 20;

    /** One accepted connection and what the application knows of it. */
    private static final class Conn {
        final DtlsConnection connection;
        final boolean pushed;
        /** Set by whichever thread reads the connection's first intact datagram. */
        volatile SessionRecord session;
        volatile long nextSendAt;
        /** Set by the handler's onEnd for a pushed connection; the tick files it. */
        volatile ConnectionClosedException.Reason endedBy;
        long seq;

        Conn(DtlsConnection connection, boolean pushed) {
            this.connection = connection;
            this.pushed = pushed;
        }
    }

    private final SessionRecord.Registry registry;
    private final SoakTally tally;
    private final long messageNanos;
    private final long idleNanos;
    /** How much earlier than the server's engine the application may have heard a datagram last. */
    private final long idleSlack;
    private final Random random;
    private final ConcurrentLinkedQueue<DtlsConnection> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Conn> conns = new ArrayList<>();
    private final ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-server-app");
        t.setDaemon(true);
        return t;
    });
    private volatile int open;
    /** Connections accepted so far; the tick thread's. */
    private long accepted;

    SoakServerApp(DtlsServer server, SessionRecord.Registry registry, SoakTally tally, long messageMillis, long idleSeconds,
                  long seed) {
        this.registry = registry;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.idleSlack = Math.max(TimeUnit.SECONDS.toNanos(1), idleNanos / 4);
        this.tally = tally;
        this.messageNanos = TimeUnit.MILLISECONDS.toNanos(messageMillis);
        this.random = new Random(seed * 31 + 3);
        server.onConnection(arrivals::add);
        tick.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Connections the application holds now. */
    int open() {
        return open;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            DtlsConnection c;
            while ((c = arrivals.poll()) != null) {
                Conn conn = new Conn(c, accepted++ % 2 == 0);
                conns.add(conn);
                if (conn.pushed) {
                    c.onReceive(pushTo(conn));
                }
                tally.add("server connections accepted, " + (conn.pushed ? "pushed" : "polled"));
            }
            for (Iterator<Conn> it = conns.iterator(); it.hasNext(); ) {
                Conn conn = it.next();
                if (conn.endedBy != null) {
                    ended(conn, conn.endedBy);
                    it.remove();
                    continue;
                }
                try {
                    byte[] d;
                    while (!conn.pushed && (d = conn.connection.receive(Duration.ZERO)) != null) {
                        onDatagram(conn, d);
                    }
                    if (conn.session != null && now - conn.nextSendAt >= 0) {
                        conn.connection.send(Stream.datagram(conn.session.id, conn.seq++, random));
                        tally.add("server->client sent " + conn.session.path()
                                + (conn.session.gone ? " after the client was gone" : ""));
                        conn.nextSendAt = now + jitter();
                    }
                } catch (ConnectionClosedException e) {
                    ended(conn, e.reason());
                    it.remove();
                } catch (IOException e) {
                    tally.add("server send failed: " + e.getMessage());
                }
            }
            open = conns.size();
        } catch (RuntimeException e) {
            tally.add(SoakTally.LOST + "server application failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The handler of a pushed connection, on a connection worker: one datagram at a time. */
    private DatagramHandler pushTo(Conn conn) {
        return new DatagramHandler() {
            @Override
            public void onDatagram(DtlsConnection connection, ByteBuffer data) {
                byte[] d = new byte[data.remaining()];
                data.get(d);
                SoakServerApp.this.onDatagram(conn, d);
            }

            @Override
            public void onEnd(DtlsConnection connection, ConnectionClosedException why) {
                conn.endedBy = why.reason();
            }
        };
    }

    /** One datagram from a client: which session it is, and whether it arrived intact and once. */
    private void onDatagram(Conn conn, byte[] d) {
        if (conn.session == null) {
            long id = Stream.sessionOf(d);
            SessionRecord r = id < 0 ? null : registry.get(id);
            if (r == null) {
                tally.add(SoakTally.BAD_DATA + "server: first datagram names no session");
                return;
            }
            conn.session = r;
            conn.nextSendAt = System.nanoTime();
        }
        conn.session.serverHeardAt = System.nanoTime();
        Stream.Verdict v = conn.session.toServer.accept(d);
        switch (v) {
            case FIRST, REORDERED -> tally.add("client->server received " + conn.session.path()
                    + (v == Stream.Verdict.REORDERED ? " (reordered)" : ""));
            default -> tally.add(SoakTally.BAD_DATA + "client->server " + v);
        }
    }

    /**
     * Files how a connection ended. An idle timeout of a session whose client is still there is a
     * rule only if nothing of that client reached the application for (almost) the whole idle
     * period: datagrams the network, or a full socket buffer, dropped. The application hears a
     * datagram a little after the server's engine did, so the check allows {@link #idleSlack}.
     */
    private void ended(Conn conn, ConnectionClosedException.Reason reason) {
        SessionRecord r = conn.session;
        String why = reason.name().toLowerCase(java.util.Locale.ROOT);
        if (reason == ConnectionClosedException.Reason.CLOSED_BY_PEER) {
            tally.add("server end: closed by client");
        } else if (r == null) {
            tally.add("server end: " + why + " of a connection that never sent intact data");
        } else if (r.gone) {
            tally.add("server end: " + why + " after the client was gone (by rule)");
        } else if (reason == ConnectionClosedException.Reason.IDLE_TIMEOUT) {
            long silentFor = System.nanoTime() - r.serverHeardAt;
            if (silentFor >= idleNanos - idleSlack) {
                tally.add("server end: idle timeout of a live session none of whose datagrams arrived for "
                        + "the idle period (by rule: datagrams lost on the way)");
            } else {
                tally.add(SoakTally.LOST + "server: idle timeout of a session heard from "
                        + TimeUnit.NANOSECONDS.toMillis(silentFor) / 1000 + " s before");
            }
        } else {
            tally.add(SoakTally.LOST + "server: " + why + " of a live session");
        }
    }

    private long jitter() {
        return (long) (messageNanos * (0.5 + random.nextDouble()));
    }

    @Override
    public void close() throws InterruptedException {
        tick.shutdown();
        tick.awaitTermination(10, TimeUnit.SECONDS);
        tally.add("server connections open at the end", conns.size());
    }
}
