package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.interop.CidLink.End;
import org.dtls4j.interop.CidLink.Impl;
import org.dtls4j.interop.CidLink.Side;
import org.dtls4j.interop.DtlsPeer.Role;
import org.dtls4j.interop.RebindingRelay.Direction;
import org.dtls4j.interop.RebindingRelay.Seen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NAT rebinding with real sockets (RFC 9146 §6): in the middle of a session, the
 * {@link RebindingRelay} in front of the client moves the client's source to a new port
 * ({@code 127.0.0.1}) and to a new address ({@code 127.0.0.2}), {@value #BINDINGS_AFTER_THE_FIRST}
 * times, while the client pings and the server echoes.
 *
 * <p>With a cid (the server asks for {@value #SERVER_CID} bytes, the client for none, as NATed
 * clients do) the server must find the association by the cid of a tls12_cid record from an
 * unknown address, take the newer, authenticated record as the peer's new address (§6) and
 * answer there: every ping is echoed, and no epoch-0 handshake record crosses after the first
 * handshake. The pings are request/response, one at a time, and the relay rebinds between an
 * echo and the next ping: nothing is in flight at a rebinding, so nothing may be lost.
 *
 * <p>Without cids (neither side offers the extension), the server has no way to know the moved
 * client: the echoes stop at the first rebinding, or a new handshake starts. The controls assert
 * that old behaviour, so the cid cases are known to measure something.
 *
 * <p>A ping waits at most {@link #ECHO_WAIT} for its echo; after {@value #GIVE_UP_AFTER} missing
 * echoes in a row the echoes have stopped and the run ends, so a failing case costs about two
 * seconds.
 */
class CidRebindingTest {
    private static final int SERVER_CID = 6;
    /** Where the client's source moves: a new port, a new address, and back, each with a new port. */
    private static final String[] REBINDINGS = {"127.0.0.1", "127.0.0.2", "127.0.0.1", "127.0.0.2"};
    private static final int BINDINGS_AFTER_THE_FIRST = 4;
    private static final int PINGS_PER_BINDING = 6;
    private static final Duration ECHO_WAIT = Duration.ofSeconds(1);
    private static final int GIVE_UP_AFTER = 2;
    private static final byte[] FIRST = "0 first\n".getBytes(StandardCharsets.US_ASCII);

    /** Who is the client and who the server. */
    enum Pair {
        SCANDIUM_CLIENT_TO_DTLS4J_SERVER(Impl.SCANDIUM, Impl.DTLS4J),
        DTLS4J_CLIENT_TO_SCANDIUM_SERVER(Impl.DTLS4J, Impl.SCANDIUM),
        DTLS4J_CLIENT_TO_DTLS4J_SERVER(Impl.DTLS4J, Impl.DTLS4J);

        final Impl client;
        final Impl server;

        Pair(Impl client, Impl server) {
            this.client = client;
            this.server = server;
        }
    }

    /**
     * What the pinging saw.
     *
     * @param echoedBefore echoes received before the first rebinding
     * @param echoedAfter  echoes received after it
     * @param missed       the pings whose echo did not come within {@link #ECHO_WAIT}
     */
    record Pings(int sent, int echoedBefore, int echoedAfter, List<Integer> missed) {
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void withCidsTheSessionFollowsTheClient(Pair pair) throws Exception {
        try (CidLink link = CidLink.open(Suite.TLS_PSK_WITH_AES_128_CCM_8, new Side(pair.client, 0),
                new Side(pair.server, SERVER_CID), FIRST);
             Echo echo = new Echo(link.server())) {
            Pings pings = pingThroughRebindings(link);
            List<Seen> seen = link.relay().seen();

            assertEquals(List.of(), pings.missed(), () -> "lost echoes: " + pings + "\n" + describe(link, seen));
            assertEquals(PINGS_PER_BINDING * (1 + BINDINGS_AFTER_THE_FIRST), pings.echoedBefore() + pings.echoedAfter());
            CidCapture.assertNoNewHandshake(seen, link.afterHandshake());
            long bindings = seen.stream().filter(s -> s.index() >= link.afterHandshake())
                    .map(Seen::outside).distinct().count();
            assertEquals(1 + BINDINGS_AFTER_THE_FIRST, bindings, "the server saw every binding");
            CidCapture.assertRecordsCarry(seen, Direction.CLIENT_TO_SERVER, serverCid(link, pair),
                    pings.sent());
        }
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void withoutCidsTheServerLosesTheMovedClient(Pair pair) throws Exception {
        try (CidLink link = CidLink.open(Suite.TLS_PSK_WITH_AES_128_CCM_8, new Side(pair.client, -1),
                new Side(pair.server, -1), FIRST);
             Echo echo = new Echo(link.server())) {
            Pings pings = pingThroughRebindings(link);
            List<Seen> seen = link.relay().seen();

            assertEquals(PINGS_PER_BINDING, pings.echoedBefore(), () -> "before any rebinding: " + pings);
            boolean newHandshake = seen.stream().anyMatch(s -> s.index() >= link.afterHandshake()
                    && s.isEpochZeroHandshake());
            assertTrue(pings.echoedAfter() == 0 || newHandshake,
                    () -> "without cids the moved client was still answered in the same session: " + pings
                            + "\n" + describe(link, seen));
            assertTrue(seen.stream().noneMatch(Seen::isCidRecord), "no tls12_cid record without the extension");
        }
    }

    /**
     * Pings {@value #PINGS_PER_BINDING} times on the first binding and on each rebinding, one
     * ping at a time, each waiting for its own echo; stops once {@value #GIVE_UP_AFTER} echoes in
     * a row are missing.
     */
    private static Pings pingThroughRebindings(CidLink link) throws Exception {
        End client = link.client();
        int seq = 1;
        int before = 0;
        int after = 0;
        int missedInARow = 0;
        List<Integer> missed = new ArrayList<>();
        for (int binding = 0; binding <= REBINDINGS.length && missedInARow < GIVE_UP_AFTER; binding++) {
            if (binding > 0) {
                link.relay().rebind(InetAddress.getByName(REBINDINGS[binding - 1]));
            }
            for (int i = 0; i < PINGS_PER_BINDING && missedInARow < GIVE_UP_AFTER; i++, seq++) {
                client.send((seq + " ping\n").getBytes(StandardCharsets.US_ASCII));
                if (awaitEcho(client, seq)) {
                    missedInARow = 0;
                    if (binding == 0) {
                        before++;
                    } else {
                        after++;
                    }
                } else {
                    missedInARow++;
                    missed.add(seq);
                }
            }
        }
        return new Pings(seq - 1, before, after, missed);
    }

    /** Whether the echo of ping {@code seq} arrives within {@link #ECHO_WAIT}; late echoes of earlier pings are skipped. */
    private static boolean awaitEcho(End client, int seq) throws IOException, InterruptedException {
        Deadline deadline = Deadline.in(ECHO_WAIT);
        while (!deadline.expired()) {
            byte[] echo = client.receive(deadline.remaining());
            if (echo == null) {
                return false;
            }
            String text = new String(echo, StandardCharsets.US_ASCII);
            if (text.equals(seq + " ping\n")) {
                return true;
            }
        }
        return false;
    }

    /** The cid the server asked for, as the dtls4j end negotiated it. */
    private static byte[] serverCid(CidLink link, Pair pair) {
        return pair.client == Impl.DTLS4J
                ? link.dtls4jConnectionIds(Role.CLIENT).orElseThrow().peers()
                : link.dtls4jConnectionIds(Role.SERVER).orElseThrow().ours();
    }

    private static String describe(CidLink link, List<Seen> seen) {
        List<Seen> tail = seen.subList(Math.max(0, seen.size() - 12), seen.size());
        return "last datagrams at the relay: " + tail + "\n" + link.diagnostics();
    }

    /** The server's side: sends every datagram back to its sender, until closed. */
    private static final class Echo implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        Echo(End server) {
            thread = new Thread(() -> {
                try {
                    while (!stop) {
                        byte[] b = server.receive(Duration.ofMillis(100));
                        if (b != null) {
                            server.send(b);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection ended or the test is over: nothing more to echo
                }
            }, "cid-echo");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(2000);
        }
    }
}
