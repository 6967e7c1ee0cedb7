package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dtls4j.cli.pipe.TunnelEnd;
import org.dtls4j.interop.RebindingRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code dtls4j pipe} across a NAT rebinding: plain UDP -> pipe client -> [NAT relay] -> pipe
 * server -> a UDP echo service. With {@code --cid} the tunnel's DTLS session follows the client to a
 * new port and a new address (RFC 9146 §6) and the flow goes on with no new handshake; without it,
 * the server no longer knows the session and the flow stops.
 *
 * <p>The test lives in the {@code org.dtls4j.cli} package to build both tunnel ends from
 * command-line words with the same code the command uses.
 */
@Timeout(60)
class PipeCidRebindingTest {
    private static final String PSK = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Duration REPLY = Duration.ofSeconds(2);

    @Test
    void withConnectionIdsTheFlowSurvivesNewPortsAndAddresses() throws Exception {
        try (Tunnel t = new Tunnel(true)) {
            t.roundTrips(5, "before");
            long afterHandshake = t.nat.count();
            t.nat.rebind(InetAddress.getByName("127.0.0.1"));
            t.roundTrips(5, "new port");
            t.nat.rebind(InetAddress.getByName("127.0.0.2"));
            t.roundTrips(5, "new address");
            List<RebindingRelay.Seen> later = t.nat.seen().subList((int) afterHandshake, (int) t.nat.count());
            assertTrue(later.stream().noneMatch(RebindingRelay.Seen::isEpochZeroHandshake), "no new handshake: " + later);
            assertTrue(later.stream().filter(s -> s.direction() == RebindingRelay.Direction.CLIENT_TO_SERVER)
                    .allMatch(RebindingRelay.Seen::isCidRecord), "the tunnel's records carry the server's CID");
        }
    }

    @Test
    void withoutConnectionIdsTheFlowStopsAtTheRebinding() throws Exception {
        try (Tunnel t = new Tunnel(false)) {
            t.roundTrips(5, "before");
            t.nat.rebind(InetAddress.getByName("127.0.0.1"));
            assertNull(t.roundTrip("after".getBytes(StandardCharsets.US_ASCII)),
                    "the server drops the session's records from the new address");
        }
    }

    /** Echo service, both tunnel ends, the NAT between them, and a plain UDP application socket. */
    private static final class Tunnel implements AutoCloseable {
        final DatagramSocket echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final Thread echoThread = new Thread(this::echo, "pipe-test-echo");
        final TunnelEnd server;
        final RebindingRelay nat;
        final TunnelEnd client;
        final DatagramSocket app = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        Tunnel(boolean cid) throws Exception {
            echoThread.setDaemon(true);
            echoThread.start();
            List<String> serverArgs = new ArrayList<>(List.of("server", "127.0.0.1:0", at(echo), "--psk", PSK));
            List<String> clientArgs = new ArrayList<>(List.of("client", "127.0.0.1:0"));
            if (cid) {
                serverArgs.addAll(List.of("--cid", "6"));
            }
            server = start(serverArgs);
            nat = new RebindingRelay(server.localAddress(), Duration.ofSeconds(60));
            clientArgs.addAll(List.of("127.0.0.1:" + nat.address().getPort(), "--psk", PSK));
            if (cid) {
                clientArgs.addAll(List.of("--cid", "0"));
            }
            client = start(clientArgs);
            app.setSoTimeout((int) REPLY.toMillis());
        }

        void roundTrips(int n, String label) throws IOException {
            for (int i = 0; i < n; i++) {
                byte[] data = (label + " " + i).getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(data, roundTrip(data), label + " " + i);
            }
        }

        byte[] roundTrip(byte[] data) throws IOException {
            app.send(new DatagramPacket(data, data.length, client.localAddress()));
            byte[] buffer = new byte[2048];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                app.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buffer, p.getLength());
        }

        private void echo() {
            byte[] buffer = new byte[65_535];
            while (!echo.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    echo.receive(p);
                    echo.send(new DatagramPacket(buffer, p.getLength(), p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static TunnelEnd start(List<String> args) throws Exception {
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
            PipeSettings s = PipeSettings.from(ParsedArgs.parse("pipe", PipeSettings.OPTIONS, args), terminal);
            return PipeCommand.start(s, sink, sink);
        }

        private static String at(DatagramSocket s) {
            return "127.0.0.1:" + s.getLocalPort();
        }

        @Override
        public void close() {
            client.close();
            nat.close();
            server.close();
            app.close();
            echo.close();
        }
    }
}
