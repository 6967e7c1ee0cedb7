package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dtls4j.cli.pipe.EndpointGroups;
import org.dtls4j.cli.pipe.TunnelEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pipe hoppingclient} end to end on 127.0.0.1: tunnel servers on a range of consecutive
 * ports in front of one UDP echo service, a hopping client whose two endpoint groups cover them,
 * and plain UDP clients, one session each. The client draws from a seeded source, so the test
 * knows which port each session must go to: the same draws made beside it.
 */
@Timeout(120)
class HoppingPipeTest {
    private static final String PSK = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PORTS = 3;
    private static final int SESSIONS = 12;
    private static final long SEED = 2815;

    private final CapturedTerminal clientLog = new CapturedTerminal();

    private static TunnelEnd start(CapturedTerminal log, SplittableRandom random, String... args) throws Exception {
        PipeSettings s = PipeSettings.from(ParsedArgs.parse("pipe", PipeSettings.OPTIONS, List.of(args)), log.terminal());
        return PipeCommand.start(s, log.terminal().out(), log.terminal().err(), random);
    }

    /** Tunnel servers on {@link #PORTS} consecutive free ports of 127.0.0.1; tries again (bounded) if one is taken. */
    private static List<TunnelEnd> serversOnAPortRange(InetSocketAddress service, List<CapturedTerminal> logs)
            throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                base = probe.getLocalPort();
            }
            if (base + PORTS - 1 > 65535) {
                continue;
            }
            List<TunnelEnd> servers = new ArrayList<>();
            logs.clear();
            try {
                for (int i = 0; i < PORTS; i++) {
                    CapturedTerminal log = new CapturedTerminal();
                    servers.add(start(log, new SplittableRandom(), "server", "127.0.0.1:" + (base + i),
                            "127.0.0.1:" + service.getPort(), "-psk", PSK));
                    logs.add(log);
                }
                return servers;
            } catch (CommandFailure taken) {
                servers.forEach(TunnelEnd::close);
            }
        }
        throw new AssertionError("no " + PORTS + " consecutive free ports on 127.0.0.1 in 20 attempts");
    }

    private static byte[] roundTrip(DatagramSocket socket, InetSocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        return Arrays.copyOf(buffer, p.getLength());
    }

    @Test
    void eachSessionGoesToTheEndpointTheRuleDraws() throws Exception {
        List<CapturedTerminal> serverLogs = new ArrayList<>();
        try (UdpEcho echo = new UdpEcho()) {
            List<TunnelEnd> servers = serversOnAPortRange(echo.address(), serverLogs);
            int base = servers.get(0).localAddress().getPort();
            // two groups: the first two ports; the last port, written as a /32 prefix
            List<String> groups = List.of("127.0.0.1:" + base + "-" + (base + 1), "127.0.0.1/32:" + (base + 2));
            SplittableRandom beside = new SplittableRandom(SEED);
            EndpointGroups rule = EndpointGroups.parse(groups);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                expected.add(rule.pick(beside).getPort());
            }
            List<String> args = new ArrayList<>(List.of("hoppingclient", "127.0.0.1:0"));
            args.addAll(groups);
            args.addAll(List.of("-psk", PSK, "-timeout", "5s"));
            try (TunnelEnd client = start(clientLog, new SplittableRandom(SEED), args.toArray(new String[0]))) {
                for (int i = 0; i < SESSIONS; i++) {
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                        udp.setSoTimeout((int) WAIT.toMillis());
                        byte[] data = ("session " + i).getBytes(StandardCharsets.UTF_8);
                        assertArrayEquals(data, roundTrip(udp, client.localAddress(), data), "session " + i);
                    }
                }
                List<Integer> went = new ArrayList<>();
                for (String line : clientLog.outLines()) {
                    if (line.contains(" opened: ")) {
                        went.add(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
                        assertTrue(line.contains(" to 127.0.0.1:"), line);
                    }
                }
                assertEquals(expected, went, "each session to the endpoint drawn for it, in order:\n" + clientLog.out());
                for (int i = 0; i < PORTS; i++) {
                    int port = base + i;
                    long sessions = expected.stream().filter(p -> p == port).count();
                    long opened = serverLogs.get(i).outLines().stream().filter(l -> l.contains(" opened: ")).count();
                    assertEquals(sessions, opened, "sessions at port " + port + ":\n" + serverLogs.get(i).out());
                }
                assertEquals(SESSIONS, echo.sources().size(), "every session reached the service as its own flow");
                assertTrue(expected.stream().distinct().count() == PORTS, "the draws used every port: " + expected);
            } finally {
                servers.forEach(TunnelEnd::close);
            }
        }
    }
}
