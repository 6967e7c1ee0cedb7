package org.dtls4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.bouncycastle.tls.DTLSTransport;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each benchmark's setup and one operation outside JMH, so that the normal build proves every
 * benchmark measures a completed handshake or a delivered record and not a failure path. No
 * timing is asserted anywhere.
 */
class BenchmarkSetupTest {

    @ParameterizedTest
    @EnumSource(KeyExchange.class)
    void dtls4jHandshakesCompleteWithBothProviders(KeyExchange kx) {
        for (Providers p : Providers.values()) {
            HandshakeDtls4jBenchmark b = new HandshakeDtls4jBenchmark();
            b.kx = kx;
            b.provider = p;
            b.setUp();
            HandshakeCounters counters = new HandshakeCounters();
            DtlsEngine server = assertInstanceOf(DtlsEngine.class, b.fullHandshake(counters, new CpuTime()));
            assertEquals(EngineState.CONNECTED, server.state(), () -> kx + " " + p);
            assertEquals(kx.suite(), server.negotiated().cipherSuite());
            assertEquals(kx.group(), server.negotiated().group().orElse(null));
            assertEquals(1, counters.handshakes);
            assertTrue(counters.serverNanos > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchange.class, names = {"ECDHE_ECDSA_P256", "ECDHE_ECDSA_X25519", "ECDHE_RSA"})
    void jdkHandshakesComplete(KeyExchange kx) throws Exception {
        HandshakeJdkBenchmark b = new HandshakeJdkBenchmark();
        b.kx = kx;
        b.setUp();
        HandshakeCounters counters = new HandshakeCounters();
        SSLEngine server = assertInstanceOf(SSLEngine.class, b.fullHandshake(counters, new CpuTime()));
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, server.getHandshakeStatus());
        assertEquals(kx.suite().ianaName(), server.getSession().getCipherSuite());
        assertEquals(1, counters.handshakes);
    }

    @ParameterizedTest
    @EnumSource(KeyExchange.class)
    void bouncyCastleHandshakesCompleteWithBothCryptos(KeyExchange kx) throws Exception {
        for (BcPair.Crypto c : BcPair.Crypto.values()) {
            HandshakeBcBenchmark b = new HandshakeBcBenchmark();
            b.kx = kx;
            b.crypto = c;
            b.setUp();
            try {
                HandshakeCounters counters = new HandshakeCounters();
                assertInstanceOf(DTLSTransport.class, b.fullHandshake(counters, new CpuTime()), () -> kx + " " + c);
                assertEquals(1, counters.handshakes);
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void resumptionSetupsCheckThatEachStackResumed() throws Exception {
        ResumptionBenchmark r = new ResumptionBenchmark();
        for (Providers p : Providers.values()) {
            ResumptionBenchmark.Dtls4j s = new ResumptionBenchmark.Dtls4j();
            s.provider = p;
            s.setUp();
            DtlsEngine server = (DtlsEngine) r.dtls4j(s, new CpuTime());
            assertTrue(server.negotiated().resumed(), "dtls4j " + p);
        }
        ResumptionBenchmark.Jdk jdk = new ResumptionBenchmark.Jdk();
        jdk.setUp();
        byte[] id = jdk.pair.server().getSession().getId();
        SSLEngine server = (SSLEngine) r.jdk(jdk, new CpuTime());
        assertEquals(java.util.HexFormat.of().formatHex(id), java.util.HexFormat.of().formatHex(server.getSession().getId()));
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    void recordBenchmarksDeliverEveryPayload(BulkCipher cipher) throws Exception {
        int payload = 1200;
        RecordFloorBenchmark floor = new RecordFloorBenchmark();
        floor.cipher = cipher;
        floor.payload = payload;
        floor.setUp();
        assertEquals(payload, floor.sealAndOpen());

        RecordDtls4jBenchmark records = new RecordDtls4jBenchmark();
        records.cipher = cipher;
        records.payload = payload;
        records.provider = Providers.JDK;
        records.setUp();
        assertEquals(payload, records.writeAndRead());
        records.checkNothingDiscarded();

        for (String api : new String[] {"arrays", "buffers"}) {
            RecordEngineBenchmark engine = new RecordEngineBenchmark();
            engine.cipher = cipher;
            engine.payload = payload;
            engine.api = api;
            engine.setUp();
            assertEquals(payload, engine.sendAndReceive(), api);
        }

        if (cipher != BulkCipher.AES_128_CCM_8) {
            RecordJdkBenchmark jdk = new RecordJdkBenchmark();
            jdk.cipher = cipher;
            jdk.payload = payload;
            jdk.setUp();
            assertEquals(payload, jdk.wrapAndUnwrap());
        }
        for (BcPair.Crypto c : BcPair.Crypto.values()) {
            RecordBcBenchmark bc = new RecordBcBenchmark();
            bc.cipher = cipher;
            bc.payload = payload;
            bc.crypto = c;
            bc.setUp();
            try {
                assertEquals(payload, bc.sendAndReceive());
            } finally {
                bc.tearDown();
            }
        }
    }

    @Test
    void largestPayloadFitsOneRecordInEveryStack() throws Exception {
        int payload = 16000;
        RecordDtls4jBenchmark records = new RecordDtls4jBenchmark();
        records.cipher = BulkCipher.AES_128_GCM;
        records.payload = payload;
        records.provider = Providers.BC;
        records.setUp();
        assertEquals(payload, records.writeAndRead());

        for (String api : new String[] {"arrays", "buffers"}) {
            RecordEngineBenchmark engine = new RecordEngineBenchmark();
            engine.cipher = BulkCipher.AES_128_GCM;
            engine.payload = payload;
            engine.api = api;
            engine.setUp();
            assertEquals(payload, engine.sendAndReceive(), api);
        }

        RecordJdkBenchmark jdk = new RecordJdkBenchmark();
        jdk.cipher = BulkCipher.AES_128_GCM;
        jdk.payload = payload;
        jdk.setUp();
        assertEquals(payload, jdk.wrapAndUnwrap());

        RecordBcBenchmark bc = new RecordBcBenchmark();
        bc.cipher = BulkCipher.AES_128_GCM;
        bc.payload = payload;
        bc.crypto = BcPair.Crypto.BC;
        bc.setUp();
        try {
            assertEquals(payload, bc.sendAndReceive());
        } finally {
            bc.tearDown();
        }
    }
}
