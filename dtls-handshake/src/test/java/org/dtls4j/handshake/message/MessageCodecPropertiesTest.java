package org.dtls4j.handshake.message;

import static org.dtls4j.handshake.extension.CodecChecks.appendedByteFails;
import static org.dtls4j.handshake.extension.CodecChecks.mutate;
import static org.dtls4j.handshake.extension.CodecChecks.roundTrips;
import static org.dtls4j.handshake.extension.CodecChecks.strictPrefixesFail;
import static org.dtls4j.handshake.extension.CodecChecks.valueOrDecodeException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.IntPredicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.extension.CodecChecks.Codec;
import org.dtls4j.handshake.extension.CodecChecks.Decoder;
import org.dtls4j.handshake.extension.Extensions;

/**
 * The four codec properties (G14) for every message body: (1) round trip, (2) every strict prefix
 * fails, (3) an appended byte fails, (4) arbitrary or mutated bytes give a value or a
 * DecodeException, never another exception.
 *
 * <p>Exemptions from (2), as the RFC makes the trailing extensions block optional
 * (RFC 5246 §7.4.1.2, §7.4.1.3): for {@link ClientHello} and {@link ServerHello} with extensions,
 * exactly one prefix decodes, the one that ends where the extensions block begins; it decodes
 * to the same hello without extensions. No other type and no other prefix is exempt.
 */
class MessageCodecPropertiesTest {

    static <T extends HandshakeMessage> Codec<T> codec(Decoder<T> decoder) {
        return new Codec<>(decoder, m -> m.encode());
    }

    static final Codec<ClientHello> CLIENT_HELLO = codec(ClientHello::decode);
    static final Codec<ServerHello> SERVER_HELLO = codec(ServerHello::decode);
    static final Codec<HelloVerifyRequest> HELLO_VERIFY_REQUEST = codec(HelloVerifyRequest::decode);
    static final Codec<Certificate> CERTIFICATE = codec(Certificate::decode);
    static final Codec<CertificateRequest> CERTIFICATE_REQUEST = codec(CertificateRequest::decode);
    static final Codec<CertificateVerify> CERTIFICATE_VERIFY = codec(CertificateVerify::decode);
    static final Codec<Finished> FINISHED = codec(Finished::decode);
    static final Codec<ServerHelloDone> SERVER_HELLO_DONE = codec(ServerHelloDone::decode);
    static final Codec<HelloRequest> HELLO_REQUEST = codec(HelloRequest::decode);
    static final Codec<Alert> ALERT = new Codec<>(Alert::decode, Alert::encode);
    static final Codec<ChangeCipherSpec> CHANGE_CIPHER_SPEC = new Codec<>(ChangeCipherSpec::decode, ChangeCipherSpec::encode);

    static Codec<ServerKeyExchange> ske(KeyExchangeAlgorithm kx) {
        return codec(b -> ServerKeyExchange.decode(b, kx));
    }

    static Codec<ClientKeyExchange> cke(KeyExchangeAlgorithm kx) {
        return codec(b -> ClientKeyExchange.decode(b, kx));
    }

    static <T> void allFour(T value, Codec<T> codec, IntPredicate exempt, byte extra, int index) throws DecodeException {
        roundTrips(value, codec);
        byte[] encoded = codec.encoder().apply(value);
        strictPrefixesFail(encoded, codec.decoder(), exempt);
        appendedByteFails(encoded, codec.decoder(), extra);
        valueOrDecodeException(mutate(encoded, index, extra), codec);
    }

    static <T> void allFour(T value, Codec<T> codec, byte extra, int index) throws DecodeException {
        allFour(value, codec, len -> false, extra, index);
    }

    /** The one prefix length that decodes for a hello: where its extensions block starts. */
    static int withoutExtensions(HandshakeMessage hello, Extensions extensions) {
        return extensions.isEmpty() ? -1 : hello.encode().length - extensions.encodedLength();
    }

    @Property
    void clientHello(@ForAll("clientHellos") ClientHello h, @ForAll byte extra, @ForAll int index) throws DecodeException {
        int exempt = withoutExtensions(h, h.extensions());
        allFour(h, CLIENT_HELLO, len -> len == exempt, extra, index);
        if (exempt >= 0) {
            ClientHello bare = ClientHello.decode(Arrays.copyOf(h.encode(), exempt));
            assertEquals(new ClientHello(h.clientVersion(), h.random(), h.sessionId(), h.cookie(), h.cipherSuites(),
                    h.compressionMethods(), Extensions.EMPTY), bare);
        }
    }

    @Property
    void serverHello(@ForAll("serverHellos") ServerHello h, @ForAll byte extra, @ForAll int index) throws DecodeException {
        int exempt = withoutExtensions(h, h.extensions());
        allFour(h, SERVER_HELLO, len -> len == exempt, extra, index);
        if (exempt >= 0) {
            ServerHello bare = ServerHello.decode(Arrays.copyOf(h.encode(), exempt));
            assertEquals(new ServerHello(h.serverVersion(), h.random(), h.sessionId(), h.cipherSuite(),
                    h.compressionMethod(), Extensions.EMPTY), bare);
        }
    }

    @Property
    void helloVerifyRequest(@ForAll("helloVerifyRequests") HelloVerifyRequest m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, HELLO_VERIFY_REQUEST, extra, index);
    }

    @Property
    void certificate(@ForAll("certificates") Certificate m, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(m, CERTIFICATE, extra, index);
    }

    @Property
    void serverKeyExchangeEcdhe(@ForAll("skeEcdhe") ServerKeyExchange.Ecdhe m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, ske(KeyExchangeAlgorithm.ECDHE_ECDSA), extra, index);
        allFour(m, ske(KeyExchangeAlgorithm.ECDHE_RSA), extra, index);
    }

    @Property
    void serverKeyExchangePsk(@ForAll("skePsk") ServerKeyExchange.Psk m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, ske(KeyExchangeAlgorithm.PSK), extra, index);
    }

    @Property
    void serverKeyExchangeEcdhePsk(@ForAll("skeEcdhePsk") ServerKeyExchange.EcdhePsk m, @ForAll byte extra,
                                   @ForAll int index) throws DecodeException {
        allFour(m, ske(KeyExchangeAlgorithm.ECDHE_PSK), extra, index);
    }

    @Property
    void certificateRequest(@ForAll("certificateRequests") CertificateRequest m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, CERTIFICATE_REQUEST, extra, index);
    }

    @Property
    void clientKeyExchangeEcdhe(@ForAll("ckeEcdhe") ClientKeyExchange.Ecdhe m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, cke(KeyExchangeAlgorithm.ECDHE_ECDSA), extra, index);
        allFour(m, cke(KeyExchangeAlgorithm.ECDHE_RSA), extra, index);
    }

    @Property
    void clientKeyExchangePsk(@ForAll("ckePsk") ClientKeyExchange.Psk m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, cke(KeyExchangeAlgorithm.PSK), extra, index);
    }

    @Property
    void clientKeyExchangeEcdhePsk(@ForAll("ckeEcdhePsk") ClientKeyExchange.EcdhePsk m, @ForAll byte extra,
                                   @ForAll int index) throws DecodeException {
        allFour(m, cke(KeyExchangeAlgorithm.ECDHE_PSK), extra, index);
    }

    @Property
    void certificateVerify(@ForAll("certificateVerifies") CertificateVerify m, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        allFour(m, CERTIFICATE_VERIFY, extra, index);
    }

    @Property
    void finished(@ForAll("finisheds") Finished m, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(m, FINISHED, extra, index);
    }

    @Property
    void alert(@ForAll("alerts") Alert m, @ForAll byte extra, @ForAll int index) throws DecodeException {
        allFour(m, ALERT, extra, index);
    }

    @Property(tries = 20)
    void emptyBodiesAndChangeCipherSpec(@ForAll byte extra) throws DecodeException {
        allFour(ServerHelloDone.INSTANCE, SERVER_HELLO_DONE, extra, 0);
        allFour(HelloRequest.INSTANCE, HELLO_REQUEST, extra, 0);
        allFour(ChangeCipherSpec.INSTANCE, CHANGE_CIPHER_SPEC, extra, 0);
    }

    /** (4) for every decoder: any bytes give a value or a DecodeException, never another exception. */
    @Property
    void randomBytesGiveAValueOrDecodeException(@ForAll byte[] bytes) {
        for (HandshakeType type : HandshakeType.values()) {
            for (KeyExchangeAlgorithm kx : KeyExchangeAlgorithm.values()) {
                valueOrDecodeException(bytes, codec(b -> HandshakeMessage.decode(type, b, kx)));
            }
        }
        valueOrDecodeException(bytes, ALERT);
        valueOrDecodeException(bytes, CHANGE_CIPHER_SPEC);
    }

    @Provide
    Arbitrary<ClientHello> clientHellos() {
        return MessageArbitraries.clientHello();
    }

    @Provide
    Arbitrary<ServerHello> serverHellos() {
        return MessageArbitraries.serverHello();
    }

    @Provide
    Arbitrary<HelloVerifyRequest> helloVerifyRequests() {
        return MessageArbitraries.helloVerifyRequest();
    }

    @Provide
    Arbitrary<Certificate> certificates() {
        return MessageArbitraries.certificate();
    }

    @Provide
    Arbitrary<ServerKeyExchange.Ecdhe> skeEcdhe() {
        return MessageArbitraries.skeEcdhe();
    }

    @Provide
    Arbitrary<ServerKeyExchange.Psk> skePsk() {
        return MessageArbitraries.skePsk();
    }

    @Provide
    Arbitrary<ServerKeyExchange.EcdhePsk> skeEcdhePsk() {
        return MessageArbitraries.skeEcdhePsk();
    }

    @Provide
    Arbitrary<CertificateRequest> certificateRequests() {
        return MessageArbitraries.certificateRequest();
    }

    @Provide
    Arbitrary<ClientKeyExchange.Ecdhe> ckeEcdhe() {
        return MessageArbitraries.ckeEcdhe();
    }

    @Provide
    Arbitrary<ClientKeyExchange.Psk> ckePsk() {
        return MessageArbitraries.ckePsk();
    }

    @Provide
    Arbitrary<ClientKeyExchange.EcdhePsk> ckeEcdhePsk() {
        return MessageArbitraries.ckeEcdhePsk();
    }

    @Provide
    Arbitrary<CertificateVerify> certificateVerifies() {
        return MessageArbitraries.certificateVerify();
    }

    @Provide
    Arbitrary<Finished> finisheds() {
        return MessageArbitraries.finished();
    }

    @Provide
    Arbitrary<Alert> alerts() {
        return MessageArbitraries.alert();
    }
}
