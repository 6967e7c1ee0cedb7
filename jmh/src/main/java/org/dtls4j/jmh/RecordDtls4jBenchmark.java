package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.InnerPlaintextPadding;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.dtls4j.record.RecordSink;
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
 * dtls4j's record layer (issue item 1): one {@link RecordLayer} writes an application-data record
 * of epoch 1 (header, sequence number, explicit nonce, additional data, AEAD seal) and a second
 * one reads it (header checks, epoch lookup, replay window check and mark, AEAD open), as two
 * connected peers would. Compare with {@link RecordFloorBenchmark} at the same parameters.
 *
 * <p>{@code cidLength} 0 sends RFC 6347 records; above 0 both sides use a connection ID of that
 * many bytes (RFC 9146): tls12_cid records, the inner plaintext with its real_type byte, and
 * RFC 9146 §5.3's additional data. The two rows of one cipher and payload show what a CID costs.
 * {@code padTo} pads the inner plaintext of those records to a multiple of that many bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordDtls4jBenchmark {
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    /** The JCA provider behind the ciphers; BC runs the same code over Bouncy Castle's AES and ChaCha20. */
    @Param({"JDK"})
    public Providers provider;

    /** Bytes of connection ID in each record, both ways; 0 for none (RFC 6347 records). */
    @Param({"0", "6"})
    public int cidLength;

    /** With a CID, pad the inner plaintext to a multiple of this many bytes; 0 for no padding. */
    @Param({"0"})
    public int padTo;

    private RecordLayer writer;
    private RecordLayer reader;
    private byte[] plaintext;
    private byte[] datagram;
    private final Sink sink = new Sink();

    /** Counts what arrives, so that a lost record would show. */
    static final class Sink implements RecordSink {
        long records;
        int lastLength;

        @Override
        public void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len) {
            records++;
            lastLength = len;
        }
    }

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        byte[] cid = new byte[cidLength];
        random.nextBytes(cid);
        writer = new RecordLayer();
        writer.setWriteConnectionId(cid);
        if (padTo > 0) {
            writer.setWritePadding(InnerPlaintextPadding.toMultipleOf(padTo));
        }
        writer.installWriteEpoch(1, RecordProtection.create(cipher, key, iv, provider.jca()));
        reader = new RecordLayer();
        reader.setReadConnectionId(cid);
        reader.installReadEpoch(1, RecordProtection.create(cipher, key, iv, provider.jca()));
        plaintext = new byte[payload];
        random.nextBytes(plaintext);
        datagram = new byte[payload + writer.recordOverhead(1)];
        if (writeAndRead() != payload) {
            throw new IllegalStateException("record did not arrive: " + reader.discards());
        }
    }

    /** Write one record, read it on the other side; returns the plaintext length received. */
    @Benchmark
    public int writeAndRead(CpuTime cpu) {
        cpu.tick(CpuTime.FAST);
        return writeAndRead();
    }

    /** The operation itself, also used by the setup and the tests. */
    int writeAndRead() {
        int n = writer.writeRecord(ContentType.APPLICATION_DATA, 1, plaintext, 0, payload, datagram, 0);
        reader.receive(datagram, 0, n, sink);
        return sink.lastLength;
    }

    /** Bytes a record adds to its payload on the write side (header, CID, real_type, AEAD expansion). */
    int recordOverhead() {
        return writer.recordOverhead(1);
    }

    @TearDown
    public void checkNothingDiscarded() {
        if (reader.discards().total() != 0) {
            throw new IllegalStateException("records discarded: " + reader.discards());
        }
    }
}
