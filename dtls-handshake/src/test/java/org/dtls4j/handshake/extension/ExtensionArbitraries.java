package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid extension values, shared with the message tests. */
public final class ExtensionArbitraries {
    private ExtensionArbitraries() {
    }

    public static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    public static Arbitrary<List<Integer>> codes(int max, int minSize, int maxSize) {
        return Arbitraries.integers().between(0, max).list().ofMinSize(minSize).ofMaxSize(maxSize);
    }

    public static Arbitrary<Extension> extension() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), bytes(0, 40)).as(Extension::new);
    }

    /** Up to six extensions of distinct types, in random order. */
    public static Arbitrary<Extensions> extensions() {
        return extension().list().ofMaxSize(6).uniqueElements(Extension::type).map(Extensions::of);
    }

    public static Arbitrary<SupportedGroups> supportedGroups() {
        return codes(0xFFFF, 1, 20).map(SupportedGroups::new);
    }

    public static Arbitrary<EcPointFormats> ecPointFormats() {
        return Combinators.combine(codes(0xFF, 0, 10), Arbitraries.integers().between(0, 10)).as((list, at) -> {
            List<Integer> withUncompressed = new ArrayList<>(list);
            withUncompressed.add(at % (list.size() + 1), EcPointFormats.UNCOMPRESSED);
            return new EcPointFormats(withUncompressed);
        });
    }

    public static Arbitrary<SignatureAlgorithms> signatureAlgorithms() {
        return codes(0xFFFF, 1, 30).map(SignatureAlgorithms::new);
    }

    public static Arbitrary<RenegotiationInfo> renegotiationInfo() {
        return bytes(0, 255).map(RenegotiationInfo::new);
    }

    public static Arbitrary<ServerName> serverName() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-').ofMinLength(1).ofMaxLength(20);
        return label.list().ofMinSize(1).ofMaxSize(4).map(labels -> new ServerName(String.join(".", labels)));
    }

    public static Arbitrary<Alpn> alpn() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange((char) 0, (char) 0xFF).ofMinLength(1).ofMaxLength(30);
        return name.list().ofMinSize(1).ofMaxSize(5).map(Alpn::new);
    }
}
