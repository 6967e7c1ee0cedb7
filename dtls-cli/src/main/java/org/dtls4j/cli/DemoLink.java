package org.dtls4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.cookie.ClientHelloPeek;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * Two engines joined in memory, with a fake clock: the demo's network. Every datagram takes
 * {@link #LATENCY_NANOS} to cross; time jumps to the next arrival or the next retransmission
 * deadline (RFC 6347 §4.2.4), so nothing sleeps and every run prints the same sequence. The server
 * side is run as a transport runs it: datagrams go through the stateless {@link CookieExchange}
 * (RFC 6347 §4.2.1) until one carries a valid cookie, and only then is its engine created.
 *
 * <p>Each step (a side starts, receives a flight, or its timer expires) prints one block: a line
 * with the simulated time, a heading for the flight it sent (with its RFC section), the engine's
 * trace lines of that step, and one line per datagram with its records. One side acts per step,
 * so the two sides' lines never interleave.
 */
final class DemoLink {
    /** One-way delay of the simulated link. */
    static final long LATENCY_NANOS = 10_000_000L;
    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("127.0.0.1", 40000);
    private static final int MAX_STEPS = 500;

    enum Side {
        CLIENT, SERVER;

        String word() { return name().toLowerCase(Locale.ROOT); }
        Side other() { return this == CLIENT ? SERVER : CLIENT; }
    }

    /** Why a side sent what it sent. */
    private enum Cause { START, RECEIVED, TIMER, APPLICATION }

    /** One datagram on the link. */
    record Sent(int number, Side from, long time, List<DatagramView.Rec> records, boolean lost, int flight, boolean again) { }

    /** Something to show in a diagram before datagram {@code before} (1-based numbering: before #before). */
    record Note(int before, long time, Side side, String text) { }

    /** The datagrams one side sent in one step. */
    private record Batch(Side from, long deliverAt, List<byte[]> datagrams, List<Sent> sent, String label) { }

    private final PrintStream out;
    private final PrintStream trace;
    private final ByteArrayOutputStream traceBytes;
    private final DtlsConfig serverConfig;
    private final SecureRandom random;
    private final CookieExchange cookies;
    private final Set<Integer> drops;
    private final int cidLength;
    /** --loss: the share of handshake datagrams lost, drawn from a fixed seed so that every run is alike. */
    private final double loss;
    private final java.util.Random lossDraws = new java.util.Random(6347);
    /** --bad-cookie: whether a returned cookie is still to be spoiled. */
    private boolean spoilCookie;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> verifies = new ArrayDeque<>();
    private final List<Sent> history = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private final List<String> received = new ArrayList<>();

    private DtlsEngine client;
    private DtlsEngine server;
    private boolean abbreviated;
    private final Set<Integer> droppedThisHandshake = new HashSet<>();
    private final int[] lastFlight = new int[2];
    private long now;
    private int datagrams;
    final long[] sentBy = new long[2];
    final long[] receivedBy = new long[2];
    int helloVerifyRequests;
    int cookiesAccepted;

    /** {@code --trace=bytes}: the hex of every record under its description. */
    private final boolean hex;

    DemoLink(PrintStream out, PrintStream trace, ByteArrayOutputStream traceBytes, DtlsConfig serverConfig,
             SecureRandom random, Set<Integer> drops, int cidLength, int lossPercent, boolean badCookie,
             boolean hex) {
        this.hex = hex;
        this.out = out;
        this.trace = trace;
        this.traceBytes = traceBytes;
        this.serverConfig = serverConfig;
        this.random = random;
        this.cookies = new CookieExchange(random, java.time.Duration.ofSeconds(30), serverConfig.providers());
        this.drops = drops;
        this.cidLength = cidLength;
        this.loss = lossPercent / 100.0;
        this.spoilCookie = badCookie;
    }

    /** Runs one handshake to the end on both sides; returns the server's engine. */
    DtlsEngine handshake(DtlsEngine newClient, boolean resumption) throws CommandFailure {
        client = newClient;
        server = null;
        abbreviated = resumption;
        droppedThisHandshake.clear();
        lastFlight[0] = 0;
        lastFlight[1] = 0;
        client.start(now);
        block(Side.CLIENT, "the client starts the handshake", Cause.START);
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            checkFailures();
            if (pending.isEmpty() && server != null && client.state() == EngineState.CONNECTED
                    && server.state() == EngineState.CONNECTED) {
                return server;
            }
            step();
        }
        throw new CommandFailure("the handshake did not end within " + MAX_STEPS + " steps");
    }

    /** The client sends one application datagram; the server echoes it; returns what came back. */
    String echo(String message) throws CommandFailure {
        client.send(message.getBytes(StandardCharsets.UTF_8));
        block(Side.CLIENT, "the client sends \"" + message + "\"", Cause.APPLICATION);
        drain();
        return received.isEmpty() ? null : received.remove(0);
    }

    /** The client closes with close_notify (RFC 5246 §7.2.1); the server answers with its own. */
    void close() throws CommandFailure {
        client.close();
        block(Side.CLIENT, "the client closes the connection", Cause.APPLICATION);
        drain();
    }

    private void drain() throws CommandFailure {
        for (int steps = 0; steps < MAX_STEPS && !pending.isEmpty(); steps++) {
            step();
        }
    }

    private void step() throws CommandFailure {
        long dc = client.nextDeadlineNanos();
        long ds = server == null ? Long.MAX_VALUE : server.nextDeadlineNanos();
        long deadline = Math.min(dc, ds);
        if (!pending.isEmpty() && pending.peek().deliverAt() - deadline <= 0) {
            deliver(pending.poll());
            return;
        }
        if (deadline == Long.MAX_VALUE) {
            throw new CommandFailure("nothing left to deliver and no timer running");
        }
        now = Math.max(now, deadline);
        Side side = dc <= ds ? Side.CLIENT : Side.SERVER;
        engine(side).onDeadline(now);
        String note = "the " + side.word() + "'s retransmission timer expires";
        notes.add(new Note(datagrams + 1, now, side, "timer expired"));
        block(side, note, Cause.TIMER);
    }

    private void deliver(Batch b) throws CommandFailure {
        now = Math.max(now, b.deliverAt());
        Side to = b.from().other();
        int arrived = 0;
        for (int i = 0; i < b.datagrams().size(); i++) {
            if (b.sent().get(i).lost()) {
                continue;
            }
            arrived++;
            receivedBy[to.ordinal()]++;
            byte[] d = b.datagrams().get(i);
            if (to == Side.CLIENT) {
                client.receive(d, now);
            } else {
                toServer(d);
            }
        }
        if (arrived == 0) {
            return;
        }
        if (to == Side.SERVER && server != null && server.state() == EngineState.CONNECTED) {
            for (ByteBuffer data = server.pollApplicationData(); data != null; data = server.pollApplicationData()) {
                server.send(data);
            }
        }
        if (to == Side.CLIENT) {
            for (ByteBuffer data = client.pollApplicationData(); data != null; data = client.pollApplicationData()) {
                received.add(StandardCharsets.UTF_8.decode(data).toString());
            }
        }
        String what = b.label() + " (" + arrived + (arrived == 1 ? " datagram)" : " datagrams)");
        block(to, "the " + to.word() + " receives " + what, Cause.RECEIVED);
    }

    private void toServer(byte[] d) {
        if (server != null) {
            server.receive(d, now);
            return;
        }
        if (spoilCookie) {
            spoilCookie(d);
        }
        CookieExchange.Result r = cookies.check(d, 0, d.length, CLIENT_ADDRESS, now);
        if (r instanceof CookieExchange.Verify v) {
            helloVerifyRequests++;
            trace.println("[server] ClientHello without a valid cookie: HelloVerifyRequest sent, nothing kept (RFC 6347 §4.2.1)");
            verifies.add(v.datagram());
        } else if (r instanceof CookieExchange.Accept a) {
            cookiesAccepted++;
            trace.println("[server] ClientHello with a valid cookie: only now is a server engine created (RFC 6347 §4.2.1)");
            server = DtlsEngine.server(serverConfig, random, a);
            server.start(now);
        } else if (r instanceof CookieExchange.Drop drop) {
            trace.println("[server] datagram dropped by the cookie exchange: " + drop.reason());
        }
    }

    /**
     * --bad-cookie: changes the last byte of the cookie in the first ClientHello that returns one,
     * as a spoofer guessing a cookie would send it. The server cannot verify it and answers with a
     * new HelloVerifyRequest, keeping nothing (RFC 6347 §4.2.1).
     */
    private void spoilCookie(byte[] d) {
        ClientHelloPeek hello = ClientHelloPeek.of(d, 0, d.length);
        byte[] cookie = hello == null ? null : hello.cookie();
        if (cookie == null || cookie.length == 0) {
            return;
        }
        for (int i = d.length - cookie.length; i >= 0; i--) {
            if (java.util.Arrays.equals(d, i, i + cookie.length, cookie, 0, cookie.length)) {
                d[i + cookie.length - 1] ^= 0x01;
                spoilCookie = false;
                trace.println("[link] one byte of the returned cookie changed on the way (--bad-cookie)");
                return;
            }
        }
    }

    private DtlsEngine engine(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    private void checkFailures() throws CommandFailure {
        for (DtlsEngine e : new DtlsEngine[] {client, server}) {
            if (e != null && e.state() == EngineState.FAILED) {
                flushTrace();
                throw new CommandFailure("handshake failed: " + e.failure().getMessage(), e.failure());
            }
        }
    }

    /** Collects what {@code side} sent in this step and prints the step's block. */
    private void block(Side side, String event, Cause cause) {
        List<byte[]> batch = new ArrayList<>();
        if (side == Side.SERVER) {
            for (byte[] v = verifies.poll(); v != null; v = verifies.poll()) {
                batch.add(v);
            }
        }
        DtlsEngine e = engine(side);
        if (e != null) {
            for (ByteBuffer d = e.pollDatagram(); d != null; d = e.pollDatagram()) {
                byte[] bytes = new byte[d.remaining()];
                d.get(bytes);
                batch.add(bytes);
            }
        }
        out.println("== t=" + time(now) + " s  " + event);
        if (batch.isEmpty()) {
            flushTrace();
            return;
        }
        List<List<DatagramView.Rec>> views = new ArrayList<>();
        for (byte[] d : batch) {
            views.add(DatagramView.records(d, cidLength));
        }
        int flight = flightOf(side, views.get(0));
        boolean again = flight > 0 && lastFlight[side.ordinal()] == flight;
        if (flight > 0) {
            lastFlight[side.ordinal()] = flight;
        }
        boolean lose = flight > 0 && drops.contains(flight) && droppedThisHandshake.add(flight);
        String label = flight > 0 ? "flight " + flight : flight == 0 ? "application data" : "an alert";
        out.println(heading(side, flight, again, cause, views));
        flushTrace();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            boolean drawn = !lose && flight > 0 && loss > 0 && lossDraws.nextDouble() < loss;
            Sent s = new Sent(++datagrams, side, now, views.get(i), lose || drawn, flight, again);
            sent.add(s);
            history.add(s);
            sentBy[side.ordinal()]++;
            StringBuilder line = new StringBuilder("   #").append(s.number()).append(' ')
                    .append(side.word()).append(" -> ").append(side.other().word()).append(", ")
                    .append(batch.get(i).length).append(" bytes");
            if (lose) {
                line.append(", LOST (--drop ").append(flight).append(": its first transmission)");
            } else if (drawn) {
                line.append(", LOST (--loss)");
            }
            for (DatagramView.Rec r : views.get(i)) {
                line.append("\n       ").append(r.describe());
            }
            if (hex) {
                line.append('\n').append(WireTrace.recordHex("  ", batch.get(i), cidLength).stripTrailing());
            }
            out.println(line);
        }
        pending.add(new Batch(side, now + LATENCY_NANOS, batch, sent, label));
    }

    /** The flight a batch belongs to, from its first record (RFC 6347 §4.2.4, Figures 1 and 2); 0 application data, -1 alert. */
    private int flightOf(Side side, List<DatagramView.Rec> records) {
        DatagramView.Rec r = records.get(0);
        if (r.type() == DatagramView.HANDSHAKE && r.epoch() == 0 && r.firstType() != null) {
            switch (r.firstType()) {
                case CLIENT_HELLO: return r.cookieLength() > 0 ? 3 : 1;
                case HELLO_VERIFY_REQUEST: return 2;
                case SERVER_HELLO: return 4;
                default: return side == Side.CLIENT ? 5 : 4;
            }
        }
        if (r.type() == DatagramView.CHANGE_CIPHER_SPEC) {
            return side == Side.CLIENT ? 5 : 6;
        }
        return r.type() == DatagramView.ALERT ? -1 : 0;
    }

    private String heading(Side side, int flight, boolean again, Cause cause, List<List<DatagramView.Rec>> views) {
        String direction = side.word() + " -> " + side.other().word();
        if (flight == 0) {
            return "-- application data, " + direction + " (RFC 6347 §4.1: one record, protected, epoch 1)";
        }
        if (flight < 0) {
            return "-- alert, " + direction + " (RFC 5246 §7.2)";
        }
        List<String> names = new ArrayList<>();
        for (List<DatagramView.Rec> v : views) {
            for (DatagramView.Rec r : v) {
                String n = Ladder.inFlight(r.shortName());
                if (names.isEmpty() || !names.get(names.size() - 1).equals(n)) {
                    names.add(n);
                }
            }
        }
        String rfc = switch (flight) {
            case 1, 2, 3 -> "RFC 6347 §4.2.1";
            default -> abbreviated ? "RFC 6347 §4.2.4, RFC 5246 §7.3 abbreviated handshake" : "RFC 6347 §4.2.4, RFC 5246 §7.3";
        };
        String why = !again ? ""
                : cause == Cause.TIMER ? ", again: the timer expired (RFC 6347 §4.2.4.1)"
                : flight == 2 ? ", again: a ClientHello without a valid cookie came; the server answers each one and"
                        + " keeps nothing (RFC 6347 §4.2.1, §3.2.1)"
                : flight == 3 ? ", again: a new HelloVerifyRequest brought a new cookie (RFC 6347 §4.2.1)"
                : ", again: the peer sent its flight again (RFC 6347 §4.2.4)";
        return "-- Flight " + flight + ", " + direction + ": " + String.join(", ", names) + " (" + rfc + ")" + why;
    }

    private void flushTrace() {
        trace.flush();
        String text = traceBytes.toString(StandardCharsets.UTF_8);
        traceBytes.reset();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                out.println(line);
            }
        }
    }

    static String time(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** Every datagram so far, in order. */
    List<Sent> history() {
        return history;
    }

    /** Timer expiries and the demo's own remarks, in order. */
    List<Note> notes() {
        return notes;
    }

    /** A remark for the diagrams, placed before the next datagram. */
    void note(String text) {
        notes.add(new Note(datagrams + 1, now, null, text));
    }
}
