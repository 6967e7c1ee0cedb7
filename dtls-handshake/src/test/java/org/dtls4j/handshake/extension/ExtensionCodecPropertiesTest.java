package org.dtls4j.handshake.extension;

import static org.dtls4j.handshake.extension.CodecChecks.appendedByteFails;
import static org.dtls4j.handshake.extension.CodecChecks.mutate;
import static org.dtls4j.handshake.extension.CodecChecks.roundTrips;
import static org.dtls4j.handshake.extension.CodecChecks.strictPrefixesFail;
import static org.dtls4j.handshake.extension.CodecChecks.valueOrDecodeException;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.extension.CodecChecks.Codec;

/** The four codec properties (G14) for the extensions block and each typed extension codec. */
class ExtensionCodecPropertiesTest {

    static final Codec<Extensions> BLOCK = new Codec<>(ExtensionCodecPropertiesTest::decodeBlock, e -> {
        ByteWriter w = new ByteWriter();
        e.encode(w);
        return w.toByteArray();
    });
    static final Codec<SupportedGroups> GROUPS = new Codec<>(SupportedGroups::decode, SupportedGroups::encode);
    static final Codec<EcPointFormats> FORMATS = new Codec<>(EcPointFormats::decode, EcPointFormats::encode);
    static final Codec<SignatureAlgorithms> SIGNATURES = new Codec<>(SignatureAlgorithms::decode, SignatureAlgorithms::encode);
    static final Codec<RenegotiationInfo> RENEGOTIATION = new Codec<>(RenegotiationInfo::decode, RenegotiationInfo::encode);
    static final Codec<ServerName> SNI = new Codec<>(ServerName::decode, ServerName::encode);
    static final Codec<Alpn> ALPN = new Codec<>(Alpn::decode, Alpn::encode);
    static final Codec<ExtendedMasterSecret> EMS = new Codec<>(ExtendedMasterSecret::decode, ExtendedMasterSecret::encode);

    /** The block as a whole body: a decode that must consume every byte. */
    static Extensions decodeBlock(byte[] bytes) throws DecodeException {
        ByteReader r = new ByteReader(bytes);
        Extensions e = Extensions.decode(r);
        r.expectEmpty("test");
        return e;
    }

    static <T> void allFour(T value, Codec<T> codec, byte extra, int index) throws DecodeException {
        roundTrips(value, codec);
        byte[] encoded = codec.encoder().apply(value);
        strictPrefixesFail(encoded, codec.decoder());
        appendedByteFails(encoded, codec.decoder(), extra);
        valueOrDecodeException(mutate(encoded, index, extra), codec);
    }

    @Property
    void extensionsBlock(@ForAll("extensions") Extensions e, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(e, BLOCK, extra, index);
    }

    @Property
    void supportedGroups(@ForAll("groups") SupportedGroups g, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(g, GROUPS, extra, index);
    }

    @Property
    void ecPointFormats(@ForAll("formats") EcPointFormats f, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(f, FORMATS, extra, index);
    }

    @Property
    void signatureAlgorithms(@ForAll("signatures") SignatureAlgorithms s, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(s, SIGNATURES, extra, index);
    }

    @Property
    void renegotiationInfo(@ForAll("renegotiation") RenegotiationInfo ri, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(ri, RENEGOTIATION, extra, index);
    }

    @Property
    void serverName(@ForAll("serverNames") ServerName sn, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(sn, SNI, extra, index);
    }

    @Property
    void alpn(@ForAll("alpn") Alpn a, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(a, ALPN, extra, index);
    }

    @Property(tries = 10)
    void extendedMasterSecret(@ForAll byte extra) throws DecodeException {
        allFour(ExtendedMasterSecret.INSTANCE, EMS, extra, 0);
    }

    @Property
    void randomBytesGiveAValueOrDecodeException(@ForAll byte[] bytes) {
        valueOrDecodeException(bytes, BLOCK);
        valueOrDecodeException(bytes, GROUPS);
        valueOrDecodeException(bytes, FORMATS);
        valueOrDecodeException(bytes, SIGNATURES);
        valueOrDecodeException(bytes, RENEGOTIATION);
        valueOrDecodeException(bytes, SNI);
        valueOrDecodeException(bytes, ALPN);
        valueOrDecodeException(bytes, EMS);
    }

    @Provide
    Arbitrary<Extensions> extensions() {
        return ExtensionArbitraries.extensions();
    }

    @Provide
    Arbitrary<SupportedGroups> groups() {
        return ExtensionArbitraries.supportedGroups();
    }

    @Provide
    Arbitrary<EcPointFormats> formats() {
        return ExtensionArbitraries.ecPointFormats();
    }

    @Provide
    Arbitrary<SignatureAlgorithms> signatures() {
        return ExtensionArbitraries.signatureAlgorithms();
    }

    @Provide
    Arbitrary<RenegotiationInfo> renegotiation() {
        return ExtensionArbitraries.renegotiationInfo();
    }

    @Provide
    Arbitrary<ServerName> serverNames() {
        return ExtensionArbitraries.serverName();
    }

    @Provide
    Arbitrary<Alpn> alpn() {
        return ExtensionArbitraries.alpn();
    }
}
