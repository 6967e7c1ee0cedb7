package org.dtls4j.handshake.cookie;

import static org.dtls4j.handshake.cookie.Datagrams.HANDSHAKE;
import static org.dtls4j.handshake.cookie.Datagrams.handshake;
import static org.dtls4j.handshake.cookie.Datagrams.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.MessageArbitraries;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;

/**
 * {@link ClientHelloPeek} against the full decoders ({@link RecordHeader}, {@link HandshakeFragment},
 * {@link ClientHello}) on hellos, hellos with a byte or a length changed, cut hellos and random
 * bytes: the peek never throws, and its answers are the decoders' answers.
 */
class ClientHelloPeekPropertiesTest {

    /** Every well-formed hello, in any record, is seen with its own numbers, random and cookie. */
    @Property
    void seesEveryClientHello(@ForAll("hellos") ClientHello h, @ForAll @IntRange(max = 0xFFFF) int messageSeq,
                              @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long recordSeq,
                              @ForAll @IntRange(max = 0xFFFF) int recordVersion) {
        byte[] body = h.encode();
        byte[] d = record(HANDSHAKE, recordVersion, 0, recordSeq, handshake(1, body, messageSeq, 0, body.length));
        ClientHelloPeek p = ClientHelloPeek.of(d, 0, d.length);
        assertNotNull(p);
        assertEquals(recordSeq, p.recordSequenceNumber());
        assertEquals(messageSeq, p.messageSeq());
        assertArrayEquals(h.random(), p.clientRandom());
        assertArrayEquals(h.cookie(), p.cookie());
    }

    /**
     * Never throws; says yes exactly when the decoders find an epoch-0 handshake record whose first
     * fragment is a ClientHello fragment at offset 0 with the random and cookie in it, and then
     * reads what they read.
     */
    @Property(tries = 3000)
    void agreesWithTheFullDecoders(@ForAll("datagrams") byte[] d) {
        ClientHelloPeek p = ClientHelloPeek.of(d, 0, d.length);
        Decoded full = decode(d);
        assertEquals(full != null, p != null, () -> "peek " + p + ", decoders " + full);
        if (p != null) {
            assertEquals(full.recordSeq(), p.recordSequenceNumber());
            assertEquals(full.messageSeq(), p.messageSeq());
            assertArrayEquals(full.random(), p.clientRandom());
            assertArrayEquals(full.cookie(), p.cookie());
            assertTrue(p.hasClientRandom(full.random()));
            if (full.hello() != null) {
                assertArrayEquals(full.hello().random(), p.clientRandom());
                assertArrayEquals(full.hello().cookie(), p.cookie());
            }
        }
    }

    /** What the full decoders read; {@code hello} only when the fragment is the whole message and decodes. */
    record Decoded(long recordSeq, int messageSeq, byte[] random, byte[] cookie, ClientHello hello) {
    }

    /** The reference reading: each decoder in turn, and any DecodeException means "not a ClientHello". */
    static Decoded decode(byte[] d) {
        try {
            ByteReader r = new ByteReader(d);
            RecordHeader header = RecordHeader.decode(r);
            if (header.type() != ContentType.HANDSHAKE || header.epoch() != 0) {
                return null;
            }
            HandshakeFragment f = HandshakeFragment.decode(r.sub(header.length()));
            if (f.msgType() != HandshakeType.CLIENT_HELLO.code() || f.fragmentOffset() != 0) {
                return null;
            }
            ByteReader body = new ByteReader(f.body());
            body.u16();
            byte[] random = body.bytes(ClientHello.RANDOM_LENGTH);
            if (body.opaque8().length > ClientHello.MAX_SESSION_ID_LENGTH) {
                return null;
            }
            byte[] cookie = body.opaque8();
            ClientHello hello = null;
            if (f.isWhole()) {
                try {
                    hello = ClientHello.decode(f.body());
                } catch (DecodeException e) {
                    hello = null; // a yes does not promise that the rest of the hello decodes
                }
            }
            return new Decoded(header.sequenceNumber(), f.messageSeq(), random, cookie, hello);
        } catch (DecodeException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<ClientHello> hellos() {
        return MessageArbitraries.clientHello();
    }

    /** Hellos as sent, with a byte changed, cut short, with a length field changed, and random bytes. */
    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> sent = Combinators.combine(hellos(), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL)).as((h, epoch, seq) -> {
                    byte[] body = h.encode();
                    return record(HANDSHAKE, 0xFEFD, epoch == 2 ? 0 : epoch, seq, handshake(1, body, 1, 0, body.length));
                });
        Arbitrary<byte[]> changed = Combinators.combine(sent, Arbitraries.integers(), Arbitraries.bytes())
                .as((d, at, value) -> {
                    byte[] copy = d.clone();
                    copy[Math.floorMod(at, copy.length)] = value;
                    return copy;
                });
        Arbitrary<byte[]> cut = Combinators.combine(sent, Arbitraries.integers().between(0, 100))
                .as((d, percent) -> Arrays.copyOf(d, d.length * percent / 100));
        Arbitrary<byte[]> fragments = Combinators.combine(hellos(), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 3)).as((h, percent, offset) -> {
                    byte[] body = h.encode();
                    int start = Math.min(offset, body.length);
                    int n = (body.length - start) * percent / 100;
                    return record(HANDSHAKE, 0xFEFF, 0, 0, handshake(1, body, 0, start, n));
                });
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> handshakeNoise = noise.map(b -> {
            byte[] copy = Arrays.copyOf(b, Math.max(b.length, 1));
            copy[0] = (byte) HANDSHAKE;
            return copy;
        });
        return Arbitraries.frequencyOf(
                Tuple.of(2, sent), Tuple.of(4, changed), Tuple.of(2, cut),
                Tuple.of(2, fragments), Tuple.of(1, noise),
                Tuple.of(1, handshakeNoise));
    }
}
