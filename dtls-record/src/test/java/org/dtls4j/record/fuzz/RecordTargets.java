package org.dtls4j.record.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.dtls4j.record.RecordSink;

/**
 * {@code RecordLayer.receive} as a fuzz target. Byte 0 of the input picks the cipher of epoch 1
 * and the replay window size; the rest is one datagram. The layer has epochs 0 and 1 installed
 * with keys that are the same on every run (so genuine epoch-1 records in the seed corpus
 * authenticate), and keeps records of epoch 2, which are re-fed once epoch 2 is installed. Shared
 * by the Jazzer fuzzer ({@code RecordLayerFuzzer}), the corpus replay and the mutation properties.
 */
final class RecordTargets {
    /**
     * The AEAD ciphers, in declaration order: the committed corpus's selector bytes index this
     * array, so it must not change. (CBC records are fuzzed by the jqwik properties instead.)
     */
    static final BulkCipher[] CIPHERS = java.util.Arrays.stream(BulkCipher.values())
            .filter(BulkCipher::isAead).toArray(BulkCipher[]::new);
    static final int[] WINDOWS = {64, 128, 1024};

    private RecordTargets() {
    }

    /** Key material of epoch {@code epoch} for {@code cipher}, the same on every run. */
    static RecordProtection protection(BulkCipher cipher, int epoch) {
        Random random = new Random(31L * cipher.ordinal() + epoch);
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        return RecordProtection.create(cipher, key, iv, JcaProviders.defaults());
    }

    static BulkCipher cipher(byte selector) {
        return CIPHERS[(selector & 0xFF) % CIPHERS.length];
    }

    static int window(byte selector) {
        return WINDOWS[((selector & 0xFF) / CIPHERS.length) % WINDOWS.length];
    }

    /** Everything the layer did with one datagram. */
    private static final class Sink implements RecordSink {
        final List<byte[]> future = new ArrayList<>();
        int delivered;

        @Override
        public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
            check(type != null, "no content type");
            check(epoch >= 0 && epoch <= 2, "delivered in epoch " + epoch);
            check(seq >= 0 && seq <= RecordHeader.MAX_SEQUENCE_NUMBER, "sequence number " + seq);
            check(len >= 0 && len <= RecordHeader.MAX_PLAINTEXT_LENGTH, "plaintext of " + len + " bytes");
            check(off >= 0 && off + len <= buf.length, "plaintext outside its buffer");
            delivered++;
        }

        @Override
        public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
            check(epoch == 2, "future epoch " + epoch);
            if (future.size() < 16) {
                future.add(java.util.Arrays.copyOfRange(record, off, off + len));
                return true;
            }
            return false;
        }
    }

    /**
     * Never throws; every record framed in the datagram has one outcome (delivered, kept for its
     * epoch, or a counted discard), and there are at most as many as 13-byte headers fit, plus one
     * for a truncated tail.
     */
    static void receive(byte[] input) {
        if (input.length == 0) {
            return;
        }
        BulkCipher cipher = cipher(input[0]);
        RecordLayer layer = new RecordLayer(window(input[0]));
        layer.installReadEpoch(1, protection(cipher, 1));
        Sink sink = new Sink();
        layer.receive(input, 1, input.length - 1, sink);
        long outcomes = sink.delivered + sink.future.size() + layer.discards().total();
        int datagram = input.length - 1;
        check(outcomes <= datagram / RecordHeader.LENGTH + 1, outcomes + " outcomes for " + datagram + " bytes");
        check(datagram == 0 || outcomes >= 1, "a datagram with no outcome at all");

        // the records kept for epoch 2, once its keys are there
        layer.installReadEpoch(2, protection(cipher, 2));
        long before = sink.delivered + layer.discards().total();
        List<byte[]> kept = new ArrayList<>(sink.future);
        sink.future.clear();
        for (byte[] r : kept) {
            layer.receiveRecord(r, 0, r.length, sink);
        }
        check(sink.delivered + layer.discards().total() - before == kept.size(), "a re-fed record without an outcome");
        check(sink.future.isEmpty(), "epoch 2 is installed, yet a record was kept for later");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
