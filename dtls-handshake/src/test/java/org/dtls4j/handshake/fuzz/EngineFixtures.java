package org.dtls4j.handshake.fuzz;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.cookie.CookieExchange;

/**
 * Engines stopped in the middle of a handshake, the same on every run: a client that has sent its
 * ClientHello with the cookie and waits for the server's flight 4, and a server that has sent
 * flight 4 and waits for the client's flight 5 (RFC 6347 §4.2.4 numbers the flights). Every
 * random value comes from a seeded source, so the flights of a genuine run ({@link #script}) are
 * valid inputs for a fresh fixture: they make the seed corpus.
 */
final class EngineFixtures {
    /** Which handshake. */
    enum Kind {
        /** Plain PSK (RFC 4279): no signatures, no ephemeral keys, fully repeatable. */
        PSK(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256),
        /** ECDHE_ECDSA with a client certificate: Certificate, ServerKeyExchange, CertificateVerify. */
        ECDSA(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);

        final CipherSuite suite;

        Kind(CipherSuite suite) {
            this.suite = suite;
        }
    }

    /**
     * What a genuine handshake of one kind exchanged.
     *
     * @param firstHello         the client's cookie-less ClientHello datagram
     * @param verifiedHello      its ClientHello datagram with the cookie
     * @param helloVerifyRequest the server's answer to the cookie-less hello
     * @param accept             what the cookie exchange made of the hello with the cookie
     * @param flight4            server to client, after the verified hello
     * @param flight5            client to server
     * @param flight6            server to client, ChangeCipherSpec and Finished
     */
    record Script(byte[] firstHello, byte[] verifiedHello, byte[] helloVerifyRequest, CookieExchange.Accept accept, List<byte[]> flight4, List<byte[]> flight5,
                  List<byte[]> flight6, EngineState clientEnd, EngineState serverEnd) {
    }

    static final InetSocketAddress PEER = loopback(40_000);
    static final byte[] PSK_IDENTITY = {'f', 'u', 'z', 'z'};
    static final byte[] PSK_KEY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final long CLIENT_SEED = 6347;
    private static final long SERVER_SEED = 5246;
    private static final long COOKIE_SEED = 4279;
    private static final Map<Kind, Script> SCRIPTS = new EnumMap<>(Kind.class);

    private EngineFixtures() {
    }

    /** Without the SessionTicket extension: the committed corpus holds hellos recorded before clients offered it. */
    static DtlsConfig clientConfig(Kind kind) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(kind.suite).offerSessionTickets(false);
        if (kind == Kind.PSK) {
            return b.psk(PSK_IDENTITY, PSK_KEY).build();
        }
        FuzzPki pki = FuzzPki.get();
        return b.trustedCertificates(List.of(pki.ca())).serverName("localhost")
                .certificate(pki.client().chain(), pki.client().privateKey()).build();
    }

    static DtlsConfig serverConfig(Kind kind) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(kind.suite);
        if (kind == Kind.PSK) {
            return b.pskStore(id -> java.util.Arrays.equals(id, PSK_IDENTITY) ? PSK_KEY.clone() : null).build();
        }
        FuzzPki pki = FuzzPki.get();
        return b.certificate(pki.server().chain(), pki.server().privateKey())
                .clientAuth(ClientAuth.REQUIRED).trustedCertificates(List.of(pki.ca())).build();
    }

    /** A cookie exchange whose secret is the same on every run. */
    static CookieExchange cookies() {
        return new CookieExchange(new DeterministicRandom(COOKIE_SEED), Duration.ofSeconds(30), JcaProviders.defaults());
    }

    /** The genuine handshake of this kind, run once per JVM. */
    static synchronized Script script(Kind kind) {
        return SCRIPTS.computeIfAbsent(kind, EngineFixtures::run);
    }

    private static Script run(Kind kind) {
        DtlsEngine client = DtlsEngine.client(clientConfig(kind), new DeterministicRandom(CLIENT_SEED));
        client.start(0);
        CookieExchange cookies = cookies();
        byte[] first = drain(client).get(0);
        CookieExchange.Verify verify = (CookieExchange.Verify) cookies.check(first, 0, first.length, PEER, 0);
        client.receive(verify.datagram(), 0);
        byte[] second = drain(client).get(0);
        CookieExchange.Accept accept = (CookieExchange.Accept) cookies.check(second, 0, second.length, PEER, 0);
        DtlsEngine server = DtlsEngine.server(serverConfig(kind), new DeterministicRandom(SERVER_SEED), accept);
        server.start(0);
        List<byte[]> flight4 = drain(server);
        flight4.forEach(d -> client.receive(d, 0));
        List<byte[]> flight5 = drain(client);
        flight5.forEach(d -> server.receive(d, 0));
        List<byte[]> flight6 = drain(server);
        flight6.forEach(d -> client.receive(d, 0));
        return new Script(first, second, verify.datagram(), accept, flight4, flight5, flight6, client.state(), server.state());
    }

    /** A fresh client that sent its hello with the cookie and waits for flight 4. */
    static DtlsEngine clientAwaitingFlight4(Kind kind) {
        DtlsEngine client = DtlsEngine.client(clientConfig(kind), new DeterministicRandom(CLIENT_SEED));
        client.start(0);
        drain(client);
        client.receive(script(kind).helloVerifyRequest(), 0);
        drain(client);
        return client;
    }

    /** A fresh server that answered the verified hello with flight 4 and waits for flight 5. */
    static DtlsEngine serverAwaitingFlight5(Kind kind) {
        DtlsEngine server = DtlsEngine.server(serverConfig(kind), new DeterministicRandom(SERVER_SEED),
                script(kind).accept());
        server.start(0);
        drain(server);
        return server;
    }

    static List<byte[]> drain(DtlsEngine e) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = e.pollDatagram()) != null) {
            byte[] d = new byte[b.remaining()];
            b.get(d);
            out.add(d);
        }
        return out;
    }

    private static InetSocketAddress loopback(int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
