package org.dtls4j.jmh;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.dtls4j.crypto.CbcCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lucky Thirteen, timed: opening a MAC-then-encrypt record of one length (1,296 bytes) in each
 * {@link MacThenEncryptShapes.Shape}. {@link #open} is dtls4j's constant-time check; it should
 * cost the same for every shape that fails (bad MAC with padding 0 or 255, bad padding), and
 * the same for both shapes that open. {@link #naiveMac} is the HMAC a check that trusts the
 * padding would compute, over the content length the shape implies: the timing signal the
 * constant-time check removes, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CbcPaddingBenchmark {
    @Param({"VALID_PADDING_0", "VALID_PADDING_255", "BAD_MAC_PADDING_0", "BAD_MAC_PADDING_255", "BAD_PADDING"})
    public String shape;

    private MacThenEncryptShapes.Shape kind;
    private CbcCipher opener;
    private byte[] record;
    private final byte[] header = MacThenEncryptShapes.header();
    private final byte[] out = new byte[MacThenEncryptShapes.ENCRYPTED];
    private Mac mac;
    private byte[] content;

    @Setup
    public void setUp() throws GeneralSecurityException {
        kind = MacThenEncryptShapes.Shape.valueOf(shape);
        MacThenEncryptShapes shapes = new MacThenEncryptShapes();
        opener = shapes.opener();
        record = shapes.record(kind);
        mac = shapes.mac();
        content = new byte[MacThenEncryptShapes.ENCRYPTED];
        if ((open() >= 0) != kind.opens()) {
            throw new IllegalStateException(kind + " did not come out as built");
        }
    }

    /** dtls4j's MAC-then-encrypt open; the content length, or -1 for a refused record. */
    @Benchmark
    public int open(CpuTime cpu) {
        cpu.tick(CpuTime.FAST);
        return open();
    }

    int open() {
        try {
            return opener.open(header, record, 0, record.length, out, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** An HMAC over the header and the content length this shape implies, as a check that trusts the padding computes it. */
    @Benchmark
    public byte[] naiveMac(CpuTime cpu) {
        cpu.tick(CpuTime.FAST);
        return naiveMac();
    }

    byte[] naiveMac() {
        mac.update(header);
        mac.update(content, 0, kind.macedLength());
        return mac.doFinal();
    }

    /** {@link #naiveMac()} as a number, for the paired measurement. */
    int naiveMacLength() {
        return naiveMac()[0];
    }
}
