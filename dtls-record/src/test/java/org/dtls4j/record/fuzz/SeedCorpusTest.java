package org.dtls4j.record.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordSink;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link RecordLayerFuzzer}: genuine records of every cipher, written with the
 * target's keys, alone and mixed in one datagram with plaintext epoch-0 records, next-epoch
 * records, replays and a cut tail. This test shows the committed seeds still authenticate, so the
 * fuzzer starts from records that reach the decryption and delivery paths. Regenerate with
 * {@code mvn -pl dtls-record verify -Dtest=SeedCorpusTest -Dfuzz.corpus.update=true}.
 */
class SeedCorpusTest {
    @Test
    void committedGenuineRecordsStillAuthenticate() throws IOException {
        if (Boolean.getBoolean("fuzz.corpus.update")) {
            write();
        }
        int checked = 0;
        for (Corpus.Entry e : Corpus.load(RecordLayerFuzzer.class, "receive")) {
            if (!e.name().startsWith("seed-genuine-")) {
                continue;
            }
            byte[] in = e.bytes();
            BulkCipher cipher = RecordTargets.cipher(in[0]);
            RecordLayer layer = new RecordLayer(RecordTargets.window(in[0]));
            layer.installReadEpoch(1, RecordTargets.protection(cipher, 1));
            int[] delivered = new int[3];
            layer.receive(in, 1, in.length - 1, (RecordSink) (type, epoch, seq, buf, off, len) -> delivered[epoch]++);
            assertEquals(0, layer.discards().total(), e.name() + ": " + layer.discards());
            assertTrue(delivered[1] >= 1, e.name() + ": no epoch-1 record authenticated");
            checked++;
        }
        assertEquals(RecordTargets.CIPHERS.length, checked, "one genuine seed per cipher");
    }

    private static void write() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (BulkCipher cipher : RecordTargets.CIPHERS) {
            String c = cipher.name().toLowerCase(java.util.Locale.ROOT);
            RecordLayer w = new RecordLayer();
            w.installWriteEpoch(1, RecordTargets.protection(cipher, 1));
            byte[] hs = record(w, ContentType.HANDSHAKE, 0, new byte[] {20, 0, 0, 12, 0, 5, 0, 0, 0, 0, 0, 12,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            byte[] app1 = record(w, ContentType.APPLICATION_DATA, 1, "one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] app2 = record(w, ContentType.APPLICATION_DATA, 1, new byte[300]);
            byte[] alert = record(w, ContentType.ALERT, 1, new byte[] {1, 0});
            byte[] ccs = record(w, ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
            w.installWriteEpoch(2, RecordTargets.protection(cipher, 2));
            byte[] next = record(w, ContentType.APPLICATION_DATA, 2, "two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte selector = (byte) cipher.ordinal();
            seeds.put("seed-genuine-" + c, input(selector, hs, app1, alert));
            seeds.put("seed-mixed-" + c, input((byte) (selector + RecordTargets.CIPHERS.length), ccs, app2, next, app1, app1,
                    Arrays.copyOf(app2, 40)));
        }
        seeds.put("seed-empty-datagram", new byte[] {0});
        seeds.put("seed-short-header", new byte[] {0, 22, (byte) 0xFE, (byte) 0xFD, 0, 0});
        Path dir = Corpus.sourceDir(RecordLayerFuzzer.class, "receive");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static byte[] record(RecordLayer w, ContentType type, int epoch, byte[] payload) {
        byte[] out = new byte[w.recordOverhead(epoch) + payload.length];
        int n = w.writeRecord(type, epoch, payload, 0, payload.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static byte[] input(byte selector, byte[]... records) {
        List<Byte> out = new ArrayList<>();
        out.add(selector);
        for (byte[] r : records) {
            for (byte b : r) {
                out.add(b);
            }
        }
        byte[] d = new byte[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i);
        }
        return d;
    }
}
