package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.Discard;
import org.dtls4j.record.RecordProtection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 12: epochs (RFC 6347 §4.1). Application data is taken only under the negotiated keys
 * (pion CVE-2019-20786 accepted it in epoch 0); a Finished counts only when it arrives under the
 * new keys, even with the right verify_data; a ClientHello in epoch 1 is not a new handshake;
 * records of epochs that are neither installed nor next are dropped, and garbage claiming the next
 * epoch is held within its cap and then fails its tag.
 */
class EpochTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final byte[] FORGED = "forged in epoch 0".getBytes(StandardCharsets.UTF_8);

    private static byte[] epochZeroData(long seq) {
        return Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, 0, seq, FORGED);
    }

    @Test
    void applicationDataInEpochZeroIsNeverDeliveredDuringTheHandshake() {
        Association a = Association.full(SUITE, Auth.SERVER, 121);
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                a.client.receive(epochZeroData(40), a.link.now());
            }
            if (d == Direction.CLIENT_TO_SERVER && i == 2) {
                a.serverEngine().receive(epochZeroData(40), a.link.now());
            }
            return false;
        });
        a.handshake();
        a.assertConnected("after epoch-0 application data on both sides");
        assertNull(a.client.pollApplicationData());
        assertNull(a.serverEngine().pollApplicationData());
        assertEquals(1, a.client.counters().applicationDropped());
        assertEquals(1, a.serverEngine().counters().applicationDropped());
    }

    @Test
    void applicationDataInEpochZeroIsNeverDeliveredAfterTheHandshake() {
        Association a = Association.full(SUITE, Auth.SERVER, 122);
        a.handshake();
        a.assertConnected("clean");
        for (DtlsEngine e : List.of(a.client, a.serverEngine())) {
            long before = e.counters().applicationDropped() + e.counters().discardedRecords();
            e.receive(epochZeroData(1000), a.link.now());
            assertNull(e.pollApplicationData());
            assertNull(e.pollDatagram(), "no answer");
            assertEquals(before + 1, e.counters().applicationDropped() + e.counters().discardedRecords(), "counted");
            assertEquals(EngineState.CONNECTED, e.state());
        }
        a.roundTrip("after epoch-0 application data");
    }

    /** Where the stripped Finished goes relative to the ChangeCipherSpec of the same flight. */
    enum Placement { AFTER_CHANGE_CIPHER_SPEC, BEFORE_CHANGE_CIPHER_SPEC }

    /**
     * An attacker who knows the keys (here: from the key log) takes the genuine Finished off its
     * epoch-1 record and sends it as plaintext in epoch 0, on every transmission of the flight: the
     * verify_data is right, the epoch is not, and the handshake must never complete.
     */
    @ParameterizedTest
    @EnumSource(Placement.class)
    void aGenuineFinishedInEpochZeroNeverCompletesTheClient(Placement placement) {
        assertNeverCompletes(Direction.SERVER_TO_CLIENT, placement);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void aGenuineFinishedInEpochZeroNeverCompletesTheServer(Placement placement) {
        assertNeverCompletes(Direction.CLIENT_TO_SERVER, placement);
    }

    private static void assertNeverCompletes(Direction strip, Placement placement) {
        Association a = Association.full(SUITE, Auth.SERVER, 123);
        int[] stripped = {0};
        a.link.rewriter((d, flight, datagrams) -> {
            List<Wire.Rec> records = Wire.records(datagrams);
            if (d != strip || records.stream().noneMatch(r -> r.type() == Wire.HANDSHAKE && r.epoch() == 1)) {
                return datagrams;
            }
            Keys keys = Keys.of(a);
            RecordProtection p = d == Direction.SERVER_TO_CLIENT ? keys.serverWrite() : keys.clientWrite();
            List<byte[]> out = new ArrayList<>();
            byte[] plainFinished = null;
            for (Wire.Rec r : records) {
                if (r.type() == Wire.HANDSHAKE && r.epoch() == 1) {
                    plainFinished = Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, 500 + stripped[0]++, Keys.open(p, r));
                } else {
                    out.add(r.bytes());
                }
            }
            int ccs = indexOfChangeCipherSpec(out);
            out.add(placement == Placement.AFTER_CHANGE_CIPHER_SPEC ? ccs + 1 : ccs, plainFinished);
            return List.of(Wire.datagram(out));
        });
        DtlsEngine[] victim = new DtlsEngine[1];
        boolean[] everConnected = {false};
        a.link.afterDelivery(d -> {
            victim[0] = strip == Direction.SERVER_TO_CLIENT ? a.client : a.serverEngine();
            everConnected[0] |= victim[0] != null && victim[0].state() == EngineState.CONNECTED;
        });
        a.handshake(60 * Association.SECOND, 10_000);
        assertTrue(stripped[0] >= 1, "the Finished was stripped");
        assertFalse(everConnected[0], strip + " " + placement + ": completed on a Finished in epoch 0");
        assertTrue(victim[0].state() != EngineState.CONNECTED);
    }

    private static int indexOfChangeCipherSpec(List<byte[]> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i)[0] == Wire.CHANGE_CIPHER_SPEC) {
                return i;
            }
        }
        throw new AssertionError("no ChangeCipherSpec in the flight");
    }

    @Test
    void aClientHelloInEpochOneStartsNothing() {
        Association a = Association.full(SUITE, Auth.SERVER, 124);
        a.handshake();
        a.assertConnected("clean");
        byte[] hello = a.link.transmissions().get(0).datagram();
        byte[] inEpochOne = hello.clone();
        inEpochOne[4] = 1;

        // Before any state exists: the stateless cookie exchange takes only epoch 0.
        CookieServer fresh = new CookieServer(a.serverConfig, new DeterministicRandom(9));
        fresh.receive(inEpochOne, 0);
        assertNull(fresh.pollDatagram(), "no HelloVerifyRequest for a ClientHello in epoch 1");
        assertNull(fresh.engine());

        // To the established server: a plaintext ClientHello under epoch 1 fails the tag.
        DtlsEngine server = a.serverEngine();
        long badMac = server.counters().recordDiscards().get(Discard.BAD_MAC);
        server.receive(Wire.renumbered(inEpochOne, 77), a.link.now());
        assertEquals(badMac + 1, server.counters().recordDiscards().get(Discard.BAD_MAC));
        assertNull(server.pollDatagram(), "no answer");
        assertEquals(EngineState.CONNECTED, server.state());
        a.roundTrip("after a ClientHello in epoch 1");
    }

    /**
     * Garbage claiming epochs that are neither installed nor next is dropped at once; garbage
     * claiming the next epoch, numbered up to 2^48-1, is held (16 records at most) until the keys
     * come, then fails its tag without moving the replay window: the server's Finished, record 0 of
     * epoch 1, still gets through.
     */
    @Test
    void epochsNeitherInstalledNorNextAreDroppedAndNextEpochGarbageIsHeldWithinItsCap() {
        Association a = Association.full(SUITE, Auth.SERVER, 125);
        byte[] garbage = new byte[200];
        new SecureRandom().nextBytes(garbage);
        long[] held = new long[2];
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                // Waiting for flight 4, read epoch 0: epoch 1 is next, everything else is unknown.
                for (int epoch : new int[] {2, 7, 0xFFFF}) {
                    a.client.receive(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, epoch, 1, garbage), a.link.now());
                }
                held[0] = a.client.bufferedBytes();
                // OpenSSL CVE-2016-2181: records of the next epoch moved the replay window before
                // their MAC was checked, so numbers near 2^48 hid every genuine record after them.
                for (int n = 0; n < 40; n++) {
                    a.client.receive(Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, 1, (1L << 48) - 1 - n, garbage),
                            a.link.now());
                }
                held[1] = a.client.bufferedBytes();
            }
            return false;
        });
        a.handshake();
        a.assertConnected("after records of strange epochs");
        assertEquals(0, held[0], "unknown epochs are not held");
        assertEquals(16L * (13 + garbage.length), held[1], "next-epoch records: at most 16 held");
        assertEquals(3, a.client.counters().recordDiscards().get(Discard.UNKNOWN_EPOCH));
        assertEquals(40 - 16, a.client.counters().recordDiscards().get(Discard.FUTURE_EPOCH));
        assertEquals(16, a.client.counters().recordDiscards().get(Discard.BAD_MAC), "once the keys came, the tags failed");
        assertEquals(0, a.client.bufferedBytes());

        // Connected: epoch 2 would need a renegotiation we refuse, so it is not held either.
        for (int epoch : new int[] {2, 3, 0xFFFF}) {
            a.client.receive(Wire.record(Wire.APPLICATION_DATA, Wire.DTLS_1_2, epoch, 1, garbage), a.link.now());
        }
        assertEquals(0, a.client.bufferedBytes());
        assertEquals(41 - 16, a.client.counters().recordDiscards().get(Discard.FUTURE_EPOCH));
        assertEquals(5, a.client.counters().recordDiscards().get(Discard.UNKNOWN_EPOCH));
        assertNull(a.client.pollDatagram());
        a.roundTrip("after records of strange epochs");
    }
}
