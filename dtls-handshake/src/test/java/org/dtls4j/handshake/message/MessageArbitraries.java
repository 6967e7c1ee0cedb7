package org.dtls4j.handshake.message;

import static org.dtls4j.handshake.extension.ExtensionArbitraries.bytes;
import static org.dtls4j.handshake.extension.ExtensionArbitraries.codes;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.dtls4j.handshake.extension.ExtensionArbitraries;

/** Generators of valid message values, shared with the cookie tests. */
public final class MessageArbitraries {
    private MessageArbitraries() {
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    /** Compression method lists that include null (0) somewhere. */
    public static Arbitrary<List<Integer>> compressionMethods() {
        return Combinators.combine(codes(0xFF, 0, 5), Arbitraries.integers().between(0, 5)).as((list, at) -> {
            List<Integer> methods = new ArrayList<>(list);
            methods.add(at % (list.size() + 1), ClientHello.COMPRESSION_NULL);
            return methods;
        });
    }

    public static Arbitrary<ClientHello> clientHello() {
        return Combinators.combine(u16(), bytes(32, 32), bytes(0, 32), bytes(0, 255), codes(0xFFFF, 1, 40),
                compressionMethods(), ExtensionArbitraries.extensions()).as(ClientHello::new);
    }

    public static Arbitrary<ServerHello> serverHello() {
        return Combinators.combine(u16(), bytes(32, 32), bytes(0, 32), u16(), Arbitraries.integers().between(0, 0xFF),
                ExtensionArbitraries.extensions()).as(ServerHello::new);
    }

    public static Arbitrary<HelloVerifyRequest> helloVerifyRequest() {
        return Combinators.combine(u16(), bytes(0, 255)).as(HelloVerifyRequest::new);
    }

    public static Arbitrary<Certificate> certificate() {
        return bytes(1, 300).list().ofMaxSize(4).map(Certificate::new);
    }

    static Arbitrary<ServerEcdhParams> ecdhParams() {
        return Combinators.combine(u16(), bytes(1, 255)).as(ServerEcdhParams::new);
    }

    public static Arbitrary<ServerKeyExchange.Ecdhe> skeEcdhe() {
        return Combinators.combine(ecdhParams(), u16(), bytes(0, 300)).as(ServerKeyExchange.Ecdhe::new);
    }

    public static Arbitrary<ServerKeyExchange.Psk> skePsk() {
        return bytes(0, 300).map(ServerKeyExchange.Psk::new);
    }

    public static Arbitrary<ServerKeyExchange.EcdhePsk> skeEcdhePsk() {
        return Combinators.combine(bytes(0, 300), ecdhParams()).as(ServerKeyExchange.EcdhePsk::new);
    }

    public static Arbitrary<CertificateRequest> certificateRequest() {
        return Combinators.combine(codes(0xFF, 1, 10), codes(0xFFFF, 1, 30), bytes(1, 100).list().ofMaxSize(4))
                .as(CertificateRequest::new);
    }

    public static Arbitrary<ClientKeyExchange.Ecdhe> ckeEcdhe() {
        return bytes(1, 255).map(ClientKeyExchange.Ecdhe::new);
    }

    public static Arbitrary<ClientKeyExchange.Psk> ckePsk() {
        return bytes(0, 300).map(ClientKeyExchange.Psk::new);
    }

    public static Arbitrary<ClientKeyExchange.EcdhePsk> ckeEcdhePsk() {
        return Combinators.combine(bytes(0, 300), bytes(1, 255)).as(ClientKeyExchange.EcdhePsk::new);
    }

    public static Arbitrary<CertificateVerify> certificateVerify() {
        return Combinators.combine(u16(), bytes(0, 300)).as(CertificateVerify::new);
    }

    public static Arbitrary<Finished> finished() {
        return bytes(12, 12).map(Finished::new);
    }

    public static Arbitrary<Alert> alert() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFF), Arbitraries.integers().between(0, 0xFF))
                .as(Alert::new);
    }
}
