package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.MacAlgorithm;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The record path of a CBC suite against AES-128-GCM: one {@link RecordLayer} writes an
 * application-data record of epoch 1 and a second one reads it, as in
 * {@link RecordDtls4jBenchmark}, with the protections compared in one run. AES-128-CBC with
 * HMAC-SHA256 encrypt-then-MAC (RFC 7366) is what a CBC suite gets with any peer that speaks it;
 * MAC-then-encrypt shows what the constant-time check of a received record costs on top.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CbcRecordBenchmark {

    /** The record protections compared. */
    public enum Protection {
        AES_128_GCM, CBC_SHA256_ENCRYPT_THEN_MAC, CBC_SHA256_MAC_THEN_ENCRYPT
    }

    @Param({"AES_128_GCM", "CBC_SHA256_ENCRYPT_THEN_MAC", "CBC_SHA256_MAC_THEN_ENCRYPT"})
    public Protection protection;

    @Param({"1200"})
    public int payload;

    private RecordLayer writer;
    private RecordLayer reader;
    private byte[] plaintext;
    private byte[] datagram;
    private final RecordDtls4jBenchmark.Sink sink = new RecordDtls4jBenchmark.Sink();

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[16];
        byte[] second = new byte[32];
        random.nextBytes(key);
        random.nextBytes(second);
        writer = new RecordLayer();
        writer.installWriteEpoch(1, protection(key, second, random));
        reader = new RecordLayer();
        reader.installReadEpoch(1, protection(key, second, random));
        plaintext = new byte[payload];
        random.nextBytes(plaintext);
        datagram = new byte[payload + writer.recordOverhead(1)];
        if (writeAndRead() != payload) {
            throw new IllegalStateException("record did not arrive: " + reader.discards());
        }
    }

    /** One direction's protection; {@code second} is the GCM salt (first 4 bytes) or the MAC key. */
    private RecordProtection protection(byte[] key, byte[] second, SecureRandom random) {
        org.dtls4j.crypto.JcaProviders jca = Providers.JDK.jca();
        return switch (protection) {
            case AES_128_GCM -> RecordProtection.create(BulkCipher.AES_128_GCM, key, java.util.Arrays.copyOf(second, 4), jca);
            case CBC_SHA256_ENCRYPT_THEN_MAC -> RecordProtection.of(
                    CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, key, MacAlgorithm.HMAC_SHA256, second, random, jca));
            case CBC_SHA256_MAC_THEN_ENCRYPT -> RecordProtection.of(
                    CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, key, MacAlgorithm.HMAC_SHA256, second, random, jca));
        };
    }

    /** Write one record, read it on the other side; returns the plaintext length received. */
    @Benchmark
    public int writeAndRead(CpuTime cpu) {
        cpu.tick(CpuTime.FAST);
        return writeAndRead();
    }

    int writeAndRead() {
        int n = writer.writeRecord(ContentType.APPLICATION_DATA, 1, plaintext, 0, payload, datagram, 0);
        reader.receive(datagram, 0, n, sink);
        return sink.lastLength;
    }

    @TearDown
    public void checkNothingDiscarded() {
        if (reader.discards().total() != 0) {
            throw new IllegalStateException("records discarded: " + reader.discards());
        }
    }
}
