package org.dtls4j.handshake.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AllocationMeter;
import org.dtls4j.handshake.engine.EnginePair.Api;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The steady-state promise of the caller-owned-buffer methods: once connected, a datagram sent,
 * polled, received and polled as application data allocates nothing of the engine's. The suite is
 * AES-128-CCM_8, whose cipher is dtls4j's own CCM over the JDK's AES block cipher and allocates
 * nothing per record either, so the count needs no baseline to subtract. The bound (64 bytes per
 * round trip, where the buffer-per-datagram methods allocate about 2.5 KB) leaves room for the
 * odd allocation of a JVM on a loaded machine, and none for a copy per datagram.
 */
class EngineAllocationTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
    private static final int PAYLOAD = 1200;
    private static final int ROUND_TRIPS = 10_000;
    private static final long BYTES_PER_ROUND_TRIP = 64;

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"HEAP", "DIRECT"})
    void aDatagramThroughCallerBuffersAllocatesNothing(Api api) {
        AllocationMeter meter = new AllocationMeter();
        assumeTrue(meter.isAvailable(), "this JVM does not count allocations per thread");
        EnginePair p = new EnginePair(SUITE, 1, api).connect();
        Loop loop = new Loop(p.client, p.server, api);

        loop.run(2 * ROUND_TRIPS); // warm-up: the JIT compiles the path first
        long overhead = meter.allocatedBytes();
        overhead = meter.allocatedBytes() - overhead; // what reading the counter costs
        long before = meter.allocatedBytes();
        loop.run(ROUND_TRIPS);
        long allocated = meter.allocatedBytes() - before - overhead;

        assertEquals(3L * ROUND_TRIPS, p.server.counters().applicationReceived(), "every datagram arrived");
        assertEquals(0, p.server.counters().discardedRecords());
        assertTrue(allocated < BYTES_PER_ROUND_TRIP * ROUND_TRIPS,
                allocated + " bytes allocated for " + ROUND_TRIPS + " datagrams (" + allocated / ROUND_TRIPS + " per datagram)");
    }

    /** One direction of a connection, driven through caller-owned buffers only. */
    private static final class Loop {
        private final DtlsEngine client;
        private final DtlsEngine server;
        private final ByteBuffer plaintext;
        private final ByteBuffer datagram;
        private final ByteBuffer received;
        private long now = 1_000;

        Loop(DtlsEngine client, DtlsEngine server, Api api) {
            this.client = client;
            this.server = server;
            this.plaintext = api.allocate(PAYLOAD);
            this.datagram = api.allocate(2048);
            this.received = api.allocate(2048);
        }

        void run(int roundTrips) {
            for (int i = 0; i < roundTrips; i++) {
                plaintext.clear();
                client.send(plaintext);
                datagram.clear();
                client.pollDatagram(datagram);
                datagram.flip();
                server.receive(datagram, EnginePair.CLIENT_ADDRESS, ++now);
                received.clear();
                if (server.pollApplicationData(received) != PAYLOAD) {
                    throw new AssertionError("datagram " + i + " did not arrive: " + server.counters());
                }
            }
        }
    }
}
