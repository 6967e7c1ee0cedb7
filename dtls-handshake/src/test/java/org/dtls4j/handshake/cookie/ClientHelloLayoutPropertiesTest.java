package org.dtls4j.handshake.cookie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.MessageArbitraries;

/**
 * {@link ClientHelloLayout} against {@link ClientHello#decode(ByteReader)} on hello bodies as
 * sent, with a byte changed, cut short, with many extensions (some repeated), and random bytes:
 * the walk accepts exactly what the decoder accepts, and its offsets point at what the decoder read.
 */
class ClientHelloLayoutPropertiesTest {

    @Property(tries = 3000)
    void acceptsWhatTheDecoderAccepts(@ForAll("bodies") byte[] body) {
        ClientHello decoded = decodeOrNull(body);
        ClientHelloLayout layout = layoutOrNull(body);
        assertEquals(decoded != null, layout != null, () -> "decoder " + decoded + ", layout " + layout);
        if (layout == null) {
            return;
        }
        assertEquals(0, layout.start());
        assertEquals(decoded.clientVersion(), layout.clientVersion());
        assertArrayEquals(decoded.random(), Arrays.copyOfRange(body, 2, 2 + ClientHello.RANDOM_LENGTH));
        assertArrayEquals(decoded.sessionId(), Arrays.copyOfRange(body, 2 + ClientHello.RANDOM_LENGTH + 1,
                layout.sessionIdEnd()));
        assertArrayEquals(decoded.cookie(), Arrays.copyOfRange(body, layout.cookieOffset(),
                layout.cookieOffset() + layout.cookieLength()));
        ByteWriter suitesAndMethods = new ByteWriter();
        suitesAndMethods.lengthPrefixed16(w -> decoded.cipherSuites().forEach(w::u16));
        suitesAndMethods.lengthPrefixed8(w -> decoded.compressionMethods().forEach(w::u8));
        assertArrayEquals(suitesAndMethods.toByteArray(),
                Arrays.copyOfRange(body, layout.cipherSuitesStart(), layout.compressionMethodsEnd()));
    }

    private static ClientHello decodeOrNull(byte[] body) {
        try {
            return ClientHello.decode(body);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static ClientHelloLayout layoutOrNull(byte[] body) {
        try {
            return ClientHelloLayout.read(new ByteReader(body));
        } catch (DecodeException e) {
            return null;
        }
    }

    /** Bodies as sent, changed, cut, with many extensions, and noise. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> sent = MessageArbitraries.clientHello().map(ClientHello::encode);
        Arbitrary<byte[]> changed = Combinators.combine(sent, Arbitraries.integers(), Arbitraries.bytes())
                .as((b, at, value) -> {
                    byte[] copy = b.clone();
                    copy[Math.floorMod(at, copy.length)] = value;
                    return copy;
                });
        Arbitrary<byte[]> cut = Combinators.combine(sent, Arbitraries.integers().between(0, 100))
                .as((b, percent) -> Arrays.copyOf(b, b.length * percent / 100));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(2, sent), Tuple.of(4, changed), Tuple.of(2, cut),
                Tuple.of(3, manyExtensions()), Tuple.of(1, noise));
    }

    /**
     * Up to 40 empty extensions whose types come from a small range, so that a type appears twice
     * in many of them, on both sides of the walk's switch from pairwise checks to sorting.
     */
    private Arbitrary<byte[]> manyExtensions() {
        Arbitrary<List<Integer>> types = Arbitraries.integers().between(0, 60).list().ofMaxSize(40);
        return Combinators.combine(MessageArbitraries.clientHello(), types).as((h, list) -> {
            ClientHello bare = new ClientHello(h.clientVersion(), h.random(), h.sessionId(), h.cookie(),
                    h.cipherSuites(), h.compressionMethods(), Extensions.EMPTY);
            ByteWriter w = new ByteWriter();
            w.bytes(bare.encode());
            w.lengthPrefixed16(block -> list.forEach(type -> block.u16(type).u16(0)));
            return w.toByteArray();
        });
    }
}
