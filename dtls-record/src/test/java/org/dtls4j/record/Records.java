package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.dtls4j.crypto.BulkCipher;

/** Small helpers for record layer tests: connected layers, record writing, datagram assembly. */
final class Records {
    private Records() {
    }

    /** A sender and a receiver with epoch 1 keyed alike: sender writes it, receiver reads it. */
    record Link(RecordLayer sender, RecordLayer receiver, KeyMaterial keys) {
        static Link of(BulkCipher cipher) {
            KeyMaterial keys = KeyMaterial.of(cipher, cipher.ordinal() + 100);
            RecordLayer sender = new RecordLayer();
            RecordLayer receiver = new RecordLayer();
            sender.installWriteEpoch(1, keys.protection());
            receiver.installReadEpoch(1, keys.protection());
            return new Link(sender, receiver, keys);
        }
    }

    /**
     * Writes one record and returns exactly its bytes: {@code recordOverhead} more than the
     * payload for an AEAD, at most that for CBC, whose padding fills only the last block.
     */
    static byte[] write(RecordLayer layer, ContentType type, int epoch, byte[] payload) {
        byte[] out = new byte[payload.length + layer.recordOverhead(epoch)];
        int n = layer.writeRecord(type, epoch, payload, 0, payload.length, out, 0);
        assertTrue(n <= out.length && n > out.length - BulkCipher.AES_BLOCK_LENGTH, n + " of at most " + out.length);
        return Arrays.copyOf(out, n);
    }

    /** The shortest fragment a protected record of {@code cipher} can have: nonce and tag, or for CBC IV, MAC and a block. */
    static int minimumFragment(BulkCipher cipher) {
        return KeyMaterial.of(cipher, 0).protection().minimumFragmentLength();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A plaintext-looking record with arbitrary header fields and the given fragment. */
    static byte[] rawRecord(int type, int version, int epoch, long seq, byte[] fragment) {
        return IndependentAead.record(type, version, epoch, seq, fragment);
    }

    static void receive(RecordLayer layer, byte[] datagram, RecordSink sink) {
        layer.receive(datagram, 0, datagram.length, sink);
    }

    /** Asserts the counters hold exactly these discards and nothing else. */
    static void assertDiscards(RecordLayer layer, Object... reasonsAndCounts) {
        Map<Discard, Long> expected = new EnumMap<>(Discard.class);
        for (Discard d : Discard.values()) {
            expected.put(d, 0L);
        }
        for (int i = 0; i < reasonsAndCounts.length; i += 2) {
            expected.put((Discard) reasonsAndCounts[i], ((Number) reasonsAndCounts[i + 1]).longValue());
        }
        assertEquals(expected, layer.discards().snapshot(), layer.discards().toString());
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
