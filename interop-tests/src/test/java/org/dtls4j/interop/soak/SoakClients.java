package org.dtls4j.interop.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * The clients of a soak run: thousands of {@link DtlsEngine}s, each on its own
 * {@link DatagramChannel}, on one selector thread (a {@code DtlsClient} would spend a thread on
 * each). It holds {@code sessions} sessions: while the population is short it starts new
 * handshakes, at most {@code rampInFlight} at a time; once {@link #startChurn()} was called,
 * {@code churnPerSecond} established sessions leave every second (close_notify, RFC 5246 §7.2.1)
 * and new ones take their place. A {@code lossyShare} of new sessions go through the
 * {@link LossyRelay}, an {@code ecdheShare} do ECDHE-ECDSA instead of PSK.
 *
 * <p>An established session sends its {@link Stream} every {@code messageMillis} on average and
 * checks the server's. An alert that ends an established session counts as
 * {@link SoakTally#LOST lost}. A close_notify from the server is its idle timeout, which the
 * server's application files and judges ({@link SoakServerApp}); a client that hears nothing for
 * the idle timeout gives up by the same rule.
 */
final class SoakClients implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How long the relay keeps a gone client's outside port, so that its close_notify passes. */
    private static final long RELAY_GRACE = TimeUnit.SECONDS.toNanos(2);

    /** One client session. */
    private static final class Session {
        final SessionRecord record;
        final boolean ecdhe;
        final DatagramChannel channel;
        final InetSocketAddress local;
        final DtlsEngine engine;
        boolean established;
        boolean ended;
        long lastHeard;
        long nextSendAt;
        long seq;

        Session(SessionRecord record, boolean ecdhe, DatagramChannel channel, DtlsEngine engine) throws IOException {
            this.record = record;
            this.ecdhe = ecdhe;
            this.channel = channel;
            this.local = (InetSocketAddress) channel.getLocalAddress();
            this.engine = engine;
        }

        String kind() {
            return (ecdhe ? "ECDHE-ECDSA" : "PSK") + " " + record.path();
        }
    }

    /** A gone lossy session's channel, closed once the relay has forgotten its port. */
    private record Closing(DatagramChannel channel, long at) {
    }

    private final SoakParams params;
    private final InetSocketAddress server;
    private final LossyRelay relay;
    private final InetSocketAddress relayAddress;
    private final DtlsConfig psk;
    private final DtlsConfig ecdhe;
    private final SessionRecord.Registry registry;
    private final SoakTally tally;
    private final Random random;
    private final SecureRandom secure = new SecureRandom();
    private final long idleNanos;
    private final long messageNanos;
    private final Selector selector;
    private final List<Session> sessions = new ArrayList<>();
    private final ArrayDeque<Closing> closing = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean churning;
    private volatile int established;
    private volatile int handshaking;
    private long nextId = 1;
    private long nextChurn;
    private long nextPurge;

    SoakClients(SoakParams params, InetSocketAddress server, LossyRelay relay, DtlsConfig psk, DtlsConfig ecdhe,
                SessionRecord.Registry registry, SoakTally tally) throws IOException {
        this.params = params;
        this.server = server;
        this.relay = relay;
        this.relayAddress = relay.address();
        this.psk = psk;
        this.ecdhe = ecdhe;
        this.registry = registry;
        this.tally = tally;
        this.random = new Random(params.seed());
        this.idleNanos = TimeUnit.SECONDS.toNanos(params.idleSeconds());
        this.messageNanos = TimeUnit.MILLISECONDS.toNanos(params.messageMillis());
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "soak-clients");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sessions established and not ended, as of the last tick. */
    int established() {
        return established;
    }

    /** Handshakes in progress, as of the last tick. */
    int handshaking() {
        return handshaking;
    }

    /** From now on sessions leave and arrive every second. */
    void startChurn() {
        churning = true;
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        long nextTick = System.nanoTime();
        try {
            while (!stopping) {
                long wait = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                selector.select(wait);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    readAll((Session) key.attachment(), buf, now);
                }
                selector.selectedKeys().clear();
                if (now - nextTick >= 0) {
                    tick(now);
                    nextTick = now + TICK_NANOS;
                }
            }
            long now = System.nanoTime();
            for (Session s : sessions) {
                if (!s.ended) {
                    end(s, "client end: run over" + (s.established ? "" : " (handshaking)"), now);
                }
            }
            sessions.clear();
            closing.forEach(c -> close(c.channel()));
        } catch (IOException e) {
            tally.add(SoakTally.LOST + "client loop stopped by " + e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            tally.add(SoakTally.LOST + "client loop stopped by " + e);
            throw e;
        }
    }

    private void tick(long now) {
        int up = 0;
        int shaking = 0;
        for (Session s : sessions) {
            if (s.ended) {
                continue;
            }
            if (!s.established) {
                if (s.engine.nextDeadlineNanos() - now <= 0) {
                    s.engine.onDeadline(now);
                    after(s, now);
                }
            } else {
                if (now - s.nextSendAt >= 0) {
                    s.engine.send(Stream.datagram(s.record.id, s.seq++, random));
                    flush(s);
                    tally.add("client->server sent " + s.record.path());
                    s.nextSendAt = now + (long) (messageNanos * (0.5 + random.nextDouble()));
                }
                if (now - s.lastHeard > idleNanos) {
                    end(s, "client end: heard nothing for the idle timeout (by rule) (" + s.kind() + ")", now);
                }
            }
            if (!s.ended) {
                if (s.established) {
                    up++;
                } else {
                    shaking++;
                }
            }
        }
        if (churning && !sessions.isEmpty() && now - nextChurn >= 0) {
            nextChurn = now + SECOND;
            for (int i = 0, tries = 0; i < params.churnPerSecond() && tries < 10 * params.churnPerSecond(); tries++) {
                Session s = sessions.get(random.nextInt(sessions.size()));
                if (s.established && !s.ended) {
                    end(s, "client end: left (churn)", now);
                    up--;
                    i++;
                }
            }
        }
        sessions.removeIf(s -> s.ended);
        while (sessions.size() < params.sessions() && shaking < params.rampInFlight()) {
            start(now);
            shaking++;
        }
        established = up;
        handshaking = shaking;
        while (!closing.isEmpty() && now - closing.peek().at() >= 0) {
            close(closing.poll().channel());
        }
        if (now - nextPurge >= 0) {
            nextPurge = now + SECOND;
            registry.purge(now);
        }
    }

    private void start(long now) {
        boolean lossy = random.nextDouble() < params.lossyShare();
        boolean useEcdhe = random.nextDouble() < params.ecdheShare();
        SessionRecord r = new SessionRecord(nextId++, lossy);
        registry.add(r);
        try {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.bind(new InetSocketAddress("127.0.0.1", 0)).connect(lossy ? relayAddress : server).configureBlocking(false);
            Session s = new Session(r, useEcdhe, ch, DtlsEngine.client(useEcdhe ? ecdhe : psk, secure));
            ch.register(selector, SelectionKey.OP_READ, s);
            sessions.add(s);
            tally.add("client handshakes started " + s.kind());
            s.lastHeard = now;
            s.engine.start(now);
            flush(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a client channel", e);
        }
    }

    private void readAll(Session s, ByteBuffer buf, long now) {
        while (!s.ended) {
            buf.clear();
            int n;
            try {
                n = s.channel.read(buf);
            } catch (IOException e) {
                tally.add("client read error: " + e.getClass().getSimpleName());
                return;
            }
            if (n <= 0) {
                return;
            }
            s.lastHeard = now;
            s.engine.receive(buf.array(), 0, n, now);
            after(s, now);
        }
    }

    /** After every engine call: send what it queued, check what it received, act on its state. */
    private void after(Session s, long now) {
        flush(s);
        ByteBuffer d;
        while ((d = s.engine.pollApplicationData()) != null) {
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            Stream.Verdict v = s.record.toClient.accept(bytes);
            switch (v) {
                case FIRST, REORDERED -> tally.add("server->client received " + s.record.path()
                        + (v == Stream.Verdict.REORDERED ? " (reordered)" : ""));
                default -> tally.add(SoakTally.BAD_DATA + "server->client " + v);
            }
        }
        EngineState state = s.engine.state();
        if (state == EngineState.CONNECTED && !s.established) {
            s.established = true;
            s.nextSendAt = now;
            tally.add("client handshakes completed " + s.kind());
        } else if (state == EngineState.CLOSED || state == EngineState.FAILED) {
            DtlsException f = s.engine.failure();
            String why = state == EngineState.CLOSED ? "closed by the server"
                    : f instanceof DtlsTimeoutException ? "timed out" : "alert " + (f == null ? "?" : f.alert().rfcName());
            if (!s.established) {
                end(s, "client handshake failed: " + why + " (" + s.kind() + ")", now);
            } else if (state == EngineState.CLOSED) {
                // the server's close_notify: it evicted the session, which it files itself
                end(s, "client end: closed by the server (" + s.kind() + ")", now);
            } else {
                lost(s, why, now);
            }
        }
    }

    private void lost(Session s, String why, long now) {
        end(s, SoakTally.LOST + "client: " + why + " (" + s.kind() + ")", now);
    }

    /** Ends a session: marks it gone, sends close_notify if the engine still can, releases its port. */
    private void end(Session s, String counter, long now) {
        s.ended = true;
        s.record.gone = true;
        s.record.forgetAt = now + 2 * idleNanos;
        tally.add(counter);
        EngineState state = s.engine.state();
        if (state == EngineState.CONNECTED || state == EngineState.HANDSHAKING) {
            s.engine.close();
            flush(s);
        }
        if (s.record.lossy) {
            // The port stays ours until the relay has forgotten it, so that no new session can
            // reuse it and inherit this one's outside channel, only to lose it when it is forgotten.
            relay.forgetLater(s.local, now + RELAY_GRACE);
            closing.add(new Closing(s.channel, now + RELAY_GRACE + SECOND));
        } else {
            close(s.channel);
        }
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void flush(Session s) {
        ByteBuffer d;
        while ((d = s.engine.pollDatagram()) != null) {
            try {
                s.channel.write(d);
            } catch (IOException e) {
                tally.add("client write error: " + e.getClass().getSimpleName());
            }
        }
    }

    /** Ends every session (close_notify) and stops the thread. */
    @Override
    public void close() throws IOException {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
