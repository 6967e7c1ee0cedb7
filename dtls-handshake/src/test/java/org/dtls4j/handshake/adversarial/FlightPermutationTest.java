package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 3: every order in which the records of a flight can arrive. Each record travels in a
 * datagram of its own; for each flight in turn, every permutation of its records is delivered.
 * Each side sends an application datagram the moment its handshake completes, in the same flight as
 * its last handshake records, so permutations put application data (epoch 1) before the Finished
 * and before the ChangeCipherSpec (RFC 6347 §4.1: such records may be buffered or discarded).
 *
 * <p>Checked on every run: both sides connect; neither engine ever hands application data to the
 * application before its handshake completed (the peer's Finished verified); each application
 * datagram arrives exactly once; the bytes an engine holds for the peer stay under the budget.
 */
class FlightPermutationTest {
    /** What a legitimate flight may make an engine hold; the reassembly cap alone is 128 KiB. */
    private static final long BUFFER_BUDGET = 64 * 1024;
    private static final String FROM_CLIENT = "first words of the client";
    private static final String FROM_SERVER = "first words of the server";

    /** Watches both engines after every delivery, and lets each speak as soon as it is connected. */
    private static final class Watch implements Consumer<Direction> {
        private final Association a;
        private final List<String> violations = new ArrayList<>();
        private final List<String> atClient = new ArrayList<>();
        private final List<String> atServer = new ArrayList<>();
        private boolean clientSpoke;
        private boolean serverSpoke;
        private long maxBuffered;

        Watch(Association a) {
            this.a = a;
        }

        @Override
        public void accept(Direction d) {
            DtlsEngine server = a.serverEngine();
            collect(a.client, "client", atClient);
            if (server != null) {
                collect(server, "server", atServer);
                maxBuffered = Math.max(maxBuffered, server.bufferedBytes());
                if (!serverSpoke && server.state() == EngineState.CONNECTED) {
                    server.send(FROM_SERVER.getBytes(StandardCharsets.UTF_8));
                    serverSpoke = true;
                }
            }
            maxBuffered = Math.max(maxBuffered, a.client.bufferedBytes());
            if (!clientSpoke && a.client.state() == EngineState.CONNECTED) {
                a.client.send(FROM_CLIENT.getBytes(StandardCharsets.UTF_8));
                clientSpoke = true;
            }
        }

        private void collect(DtlsEngine e, String name, List<String> into) {
            boolean connected = e.state() == EngineState.CONNECTED;
            ByteBuffer b;
            while ((b = e.pollApplicationData()) != null) {
                if (!connected) {
                    violations.add(name + " surfaced application data in state " + e.state());
                }
                into.add(StandardCharsets.UTF_8.decode(b).toString());
            }
        }
    }

    private static Watch run(Scenario s, FlightPermuter permuter, String context) {
        Association a = s.association();
        Watch w = new Watch(a);
        a.link.rewriter(permuter).afterDelivery(w);
        long took = a.handshake(40 * SECOND, 10_000);
        a.assertConnected(context);
        assertTrue(took < 30 * SECOND, context + " took " + took / 1e9 + " s");
        a.link.collect();
        a.link.flush(1000);
        w.accept(Direction.CLIENT_TO_SERVER);
        assertEquals(List.of(), w.violations, context);
        assertEquals(List.of(FROM_CLIENT), w.atServer, context + ": the client's datagram, exactly once");
        assertEquals(List.of(FROM_SERVER), w.atClient, context + ": the server's datagram, exactly once");
        assertTrue(w.maxBuffered <= BUFFER_BUDGET, context + ": held " + w.maxBuffered + " bytes");
        return w;
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyOrderOfEveryFlightCompletes(Scenario s) {
        FlightPermuter reference = new FlightPermuter();
        run(s, reference, s + " in order");
        int runs = 0;
        long maxBuffered = 0;
        List<String> shapes = new ArrayList<>();
        for (Direction d : Direction.values()) {
            for (int flight = 0; reference.size(d, flight) > 0; flight++) {
                int n = reference.size(d, flight);
                if (n < 2) {
                    continue;
                }
                List<int[]> orders = FlightPermuter.permutations(n);
                for (int[] order : orders) {
                    FlightPermuter p = new FlightPermuter(d, flight, order);
                    Watch w = run(s, p, s + " " + d + " flight " + flight + " in order " + java.util.Arrays.toString(order));
                    assertTrue(p.applied());
                    maxBuffered = Math.max(maxBuffered, w.maxBuffered);
                    runs++;
                }
                shapes.add(d + " flight " + flight + ": " + n + " records, " + orders.size() + " orders");
            }
        }
        Campaign.report("3 permutations", s + ": " + runs + " runs (" + String.join("; ", shapes)
                + "); all completed, no early application data, each datagram once; most bytes held " + maxBuffered);
    }
}
