package org.dtls4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dtls4j.crypto.BulkCipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The record benchmark's connection-ID rows set up and deliver every payload, the largest included. */
class RecordCidBenchmarkSetupTest {

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    void cidRowsDeliverEveryPayload(BulkCipher cipher) {
        for (int payload : new int[] {64, 1200, 16000}) {
            RecordDtls4jBenchmark records = new RecordDtls4jBenchmark();
            records.cipher = cipher;
            records.payload = payload;
            records.provider = Providers.JDK;
            records.cidLength = 6;
            records.setUp();
            assertEquals(payload, records.writeAndRead());
            records.checkNothingDiscarded();
        }
    }
}
