package org.dtls4j.handshake.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * Two engines joined by a simulated datagram link with a fake clock: loss,
 * duplication, reordering (random extra delay), a datagram size cap and targeted filters, all
 * from a seed. Nothing sleeps; time jumps to the next delivery or deadline.
 */
public final class SimulatedLink {
    /** Which way a datagram travels. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** Decides whether one datagram is dropped; {@code index} counts datagrams in that direction from 0. */
    @FunctionalInterface
    public interface DropRule {
        boolean drop(Direction direction, int index, byte[] datagram);
    }

    /**
     * Rewrites one flight before the impairments apply: {@code datagrams} are everything one side
     * emitted in one go (after one delivery, one deadline or one {@link #collect()}), and
     * {@code flight} counts such batches in that direction from 0. The datagrams returned go on the
     * link in their place (none drops the flight; more than one splits it).
     */
    @FunctionalInterface
    public interface FlightRewriter {
        List<byte[]> rewrite(Direction direction, int flight, List<byte[]> datagrams);
    }

    /** One datagram as an endpoint emitted it (before any rewriting), with the simulated time. */
    public record Transmission(long time, Direction direction, byte[] datagram) { }

    private record InFlight(long deliverAt, long order, Direction direction, byte[] data) { }

    /** One end of the link: an engine, or a server guarded by the cookie exchange. */
    private interface Endpoint {
        void start(long now);
        void receive(byte[] data, long now);
        ByteBuffer poll();
        long deadline();
        void onDeadline(long now);
        EngineState state();
    }

    private static Endpoint of(DtlsEngine e) {
        return new Endpoint() {
            public void start(long now) { e.start(now); }
            public void receive(byte[] data, long now) { e.receive(data, now); }
            public ByteBuffer poll() { return e.pollDatagram(); }
            public long deadline() { return e.nextDeadlineNanos(); }
            public void onDeadline(long now) { e.onDeadline(now); }
            public EngineState state() { return e.state(); }
        };
    }

    private static Endpoint of(CookieServer s) {
        return new Endpoint() {
            public void start(long now) { }
            public void receive(byte[] data, long now) { s.receive(data, now); }
            public ByteBuffer poll() { return s.pollDatagram(); }
            public long deadline() { return s.nextDeadlineNanos(); }
            public void onDeadline(long now) { s.onDeadline(now); }
            public EngineState state() { return s.state(); }
        };
    }

    private final Endpoint client;
    private final Endpoint server;
    private final Random random;
    private final PriorityQueue<InFlight> inFlight =
            new PriorityQueue<>(Comparator.comparingLong(InFlight::deliverAt).thenComparingLong(InFlight::order));
    private long now;
    private long order;
    private double loss;
    private double duplication;
    private long maxExtraDelayNanos;
    private long latencyNanos = 1_000_000L; // 1 ms
    private int mtu = Integer.MAX_VALUE;
    private DropRule dropRule = (d, i, b) -> false;
    private FlightRewriter rewriter;
    private Consumer<Direction> afterDelivery = d -> { };
    private final int[] flights = new int[2];
    private final List<Transmission> transmissions = new ArrayList<>();
    private final int[] sent = new int[2];
    private final int[] dropped = new int[2];
    private final List<byte[]> log = new ArrayList<>();
    private int largestDatagram;

    public SimulatedLink(DtlsEngine client, DtlsEngine server, long seed) {
        this.client = of(client);
        this.server = of(server);
        this.random = new Random(seed);
    }

    /** A client against a server that runs the stateless cookie exchange first, as a transport does. */
    public SimulatedLink(DtlsEngine client, CookieServer server, long seed) {
        this.client = of(client);
        this.server = of(server);
        this.random = new Random(seed);
    }

    public SimulatedLink loss(double p) { this.loss = p; return this; }
    public SimulatedLink duplication(double p) { this.duplication = p; return this; }
    /** Each datagram gets a random extra delay up to this, so later datagrams can overtake it. */
    public SimulatedLink reorder(long maxExtraDelayNanos) { this.maxExtraDelayNanos = maxExtraDelayNanos; return this; }
    public SimulatedLink latency(long nanos) { this.latencyNanos = nanos; return this; }
    /** Datagrams larger than this are dropped, as a path with a small MTU would. */
    public SimulatedLink mtu(int bytes) { this.mtu = bytes; return this; }
    public SimulatedLink dropRule(DropRule rule) { this.dropRule = rule; return this; }
    /** Rewrites each flight before the impairments (null: none). */
    public SimulatedLink rewriter(FlightRewriter r) { this.rewriter = r; return this; }
    /**
     * Runs after each delivered datagram, before what the receiver emitted is collected, with the
     * direction the datagram travelled: a test can make an endpoint send then, in the same flight.
     */
    public SimulatedLink afterDelivery(Consumer<Direction> hook) { this.afterDelivery = hook; return this; }

    public long now() { return now; }
    public int sent(Direction d) { return sent[d.ordinal()]; }
    public int dropped(Direction d) { return dropped[d.ordinal()]; }
    public int largestDatagram() { return largestDatagram; }

    /** Starts both engines at time 0. */
    public SimulatedLink start() {
        client.start(now);
        server.start(now);
        collect();
        return this;
    }

    /** Runs until both sides are connected (or one failed, or time is up); returns the simulated nanoseconds used. */
    public long driveHandshake(long maxNanos, int maxSteps) {
        int steps = 0;
        while (!settled() && now < maxNanos) {
            if (++steps > maxSteps) {
                throw new AssertionError("handshake did not settle within " + maxSteps + " steps");
            }
            step();
        }
        return now;
    }

    /** Delivers everything in flight (and what it provokes) without firing timers. */
    public void flush(int maxSteps) {
        int steps = 0;
        while (!inFlight.isEmpty()) {
            if (++steps > maxSteps) {
                throw new AssertionError("link did not drain within " + maxSteps + " steps");
            }
            InFlight next = inFlight.poll();
            now = Math.max(now, next.deliverAt());
            deliver(next);
        }
    }

    private boolean settled() {
        return done(client) && done(server) || failed(client) || failed(server);
    }

    private static boolean done(Endpoint e) {
        return e.state() == EngineState.CONNECTED || e.state() == EngineState.CLOSED;
    }

    private static boolean failed(Endpoint e) {
        return e.state() == EngineState.FAILED;
    }

    /** One step: deliver the next datagram, or jump to the next deadline and fire it. */
    public void step() {
        long deadline = Math.min(client.deadline(), server.deadline());
        InFlight next = inFlight.peek();
        if (next != null && next.deliverAt() <= deadline) {
            inFlight.poll();
            now = Math.max(now, next.deliverAt());
            deliver(next);
            return;
        }
        if (deadline == Long.MAX_VALUE) {
            throw new AssertionError("nothing in flight and no deadline: both sides are stuck (client "
                    + client.state() + ", server " + server.state() + ")");
        }
        now = Math.max(now, deadline);
        if (client.deadline() <= now) {
            client.onDeadline(now);
        }
        if (server.deadline() <= now) {
            server.onDeadline(now);
        }
        collect();
    }

    private void deliver(InFlight d) {
        Endpoint to = d.direction() == Direction.CLIENT_TO_SERVER ? server : client;
        to.receive(d.data(), now);
        afterDelivery.accept(d.direction());
        collect();
    }

    /** Moves every datagram both engines want to send onto the link. */
    public void collect() {
        drain(client, Direction.CLIENT_TO_SERVER);
        drain(server, Direction.SERVER_TO_CLIENT);
    }

    private void drain(Endpoint from, Direction dir) {
        List<byte[]> batch = new ArrayList<>();
        ByteBuffer b;
        while ((b = from.poll()) != null) {
            byte[] data = new byte[b.remaining()];
            b.get(data);
            batch.add(data);
        }
        if (rewriter == null) {
            batch.forEach(data -> send(dir, data));
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        batch.forEach(data -> record(dir, data));
        for (byte[] data : rewriter.rewrite(dir, flights[dir.ordinal()]++, batch)) {
            impair(dir, data);
        }
    }

    /** Puts a datagram on the link in {@code dir}, subject to the impairments. */
    public void send(Direction dir, byte[] data) {
        record(dir, data);
        impair(dir, data);
    }

    private void record(Direction dir, byte[] data) {
        largestDatagram = Math.max(largestDatagram, data.length);
        log.add(data);
        transmissions.add(new Transmission(now, dir, data));
    }

    private void impair(Direction dir, byte[] data) {
        int index = sent[dir.ordinal()]++;
        if (data.length > mtu || dropRule.drop(dir, index, data) || random.nextDouble() < loss) {
            dropped[dir.ordinal()]++;
            return;
        }
        enqueue(dir, data);
        if (random.nextDouble() < duplication) {
            enqueue(dir, data.clone());
        }
    }

    private void enqueue(Direction dir, byte[] data) {
        long extra = maxExtraDelayNanos == 0 ? 0 : (long) (random.nextDouble() * maxExtraDelayNanos);
        inFlight.add(new InFlight(now + latencyNanos + extra, order++, dir, data));
    }

    /** Every datagram put on the link so far, in order (both directions). */
    public List<byte[]> log() {
        return log;
    }

    /** Every datagram the endpoints emitted so far, with when and which way, before rewriting. */
    public List<Transmission> transmissions() {
        return transmissions;
    }
}
