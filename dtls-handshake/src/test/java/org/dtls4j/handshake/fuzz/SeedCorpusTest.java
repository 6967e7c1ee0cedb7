package org.dtls4j.handshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fuzz.EngineFixtures.Kind;
import org.dtls4j.handshake.fuzz.EngineFixtures.Script;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus is made from genuine handshakes of {@link EngineFixtures}, and this test shows it
 * still means something: the fixtures are repeatable, and the committed genuine flights still take
 * a fresh fixture where they took it when they were recorded. Regenerate the corpus (after a
 * change to the fixtures or the wire format) with
 * {@code mvn -pl dtls-handshake verify -Dtest=SeedCorpusTest -Dfuzz.corpus.update=true}; the
 * first run also makes the PKI if it is missing, the second the seeds that carry it.
 */
class SeedCorpusTest {
    private static final boolean UPDATE = Boolean.getBoolean("fuzz.corpus.update");

    @Test
    void fixturesAreRepeatableAndCompleteAHandshake() throws IOException {
        if (UPDATE && !Files.exists(FuzzPki.sourceDir().resolve("ca.pem"))) {
            FuzzPki.write(FuzzPki.sourceDir());
        }
        for (Kind kind : Kind.values()) {
            Script s = EngineFixtures.script(kind);
            assertEquals(EngineState.CONNECTED, s.clientEnd(), kind + " client");
            assertEquals(EngineState.CONNECTED, s.serverEnd(), kind + " server");
            assertEquals(EngineFixtures.drain(EngineFixtures.serverAwaitingFlight5(kind)).size(), 0);
        }
        if (UPDATE) {
            writeSeeds();
        }
    }

    @Test
    void everyTargetHasSeeds() {
        for (Target t : Target.values()) {
            assertFalse(t.corpus().isEmpty(), t.method);
        }
    }

    @Test
    void committedPskFlightsStillCompleteTheHandshake() {
        DtlsEngine server = EngineFixtures.serverAwaitingFlight5(Kind.PSK);
        feed(server, seed(Target.PSK_SERVER, "seed-flight5"));
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        DtlsEngine client = EngineFixtures.clientAwaitingFlight4(Kind.PSK);
        feed(client, seed(Target.PSK_CLIENT, "seed-flights4and6"));
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
    }

    @Test
    void committedEcdsaFlight4StillTakesTheClientToFlight5() {
        DtlsEngine client = EngineFixtures.clientAwaitingFlight4(Kind.ECDSA);
        List<byte[]> out = feed(client, seed(Target.ECDSA_CLIENT, "seed-flight4"));
        assertEquals(EngineState.HANDSHAKING, client.state(), () -> "client: " + client.failure());
        assertTrue(out.size() >= 1, "no flight 5");
    }

    private static List<byte[]> feed(DtlsEngine e, byte[] framed) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : Framing.split(framed)) {
            e.receive(d, 0);
            out.addAll(EngineFixtures.drain(e));
        }
        return out;
    }

    private static byte[] seed(Target t, String name) {
        return t.corpus().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the corpus of " + t.method)).bytes();
    }

    private static void writeSeeds() throws IOException {
        Map<Target, Map<String, byte[]>> seeds = new LinkedHashMap<>();
        for (Target t : Target.values()) {
            seeds.put(t, new LinkedHashMap<>());
        }
        for (Kind kind : Kind.values()) {
            Script s = EngineFixtures.script(kind);
            String k = kind.name().toLowerCase(java.util.Locale.ROOT);
            Target client = kind == Kind.PSK ? Target.PSK_CLIENT : Target.ECDSA_CLIENT;
            Target server = kind == Kind.PSK ? Target.PSK_SERVER : Target.ECDSA_SERVER;
            seeds.get(client).put("seed-flight4", Framing.join(s.flight4()));
            seeds.get(client).put("seed-flights4and6", Framing.join(concat(s.flight4(), s.flight6())));
            seeds.get(client).put("seed-flight4-twice", Framing.join(concat(s.flight4(), s.flight4())));
            seeds.get(server).put("seed-flight5", Framing.join(s.flight5()));
            seeds.get(server).put("seed-flight5-twice", Framing.join(concat(s.flight5(), s.flight5())));
            seeds.get(Target.COOKIE).put("seed-" + k + "-first-hello", s.firstHello());
            seeds.get(Target.COOKIE).put("seed-" + k + "-verified-hello", s.verifiedHello());
            int n = 0;
            for (byte[] d : concat(concat(List.of(s.firstHello(), s.verifiedHello()), s.flight4()), s.flight5())) {
                for (byte[] fragment : epochZeroHandshakeFragments(d)) {
                    seeds.get(Target.FRAGMENTS).put("seed-" + k + "-" + n, fragment);
                    for (byte[] m : messages(fragment, kind)) {
                        seeds.get(Target.MESSAGE).put("seed-" + k + "-" + n + "-" + (m[0] & 0xFF), m);
                    }
                    n++;
                }
            }
        }
        seeds.get(Target.COOKIE).put("seed-empty", new byte[0]);
        for (Map.Entry<Target, Map<String, byte[]>> t : seeds.entrySet()) {
            Path dir = Corpus.sourceDir(HandshakeFuzzer.class, t.getKey().method);
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : t.getValue().entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
    }

    /** The fragment bytes of every epoch-0 handshake record in a datagram. */
    private static List<byte[]> epochZeroHandshakeFragments(byte[] datagram) {
        List<byte[]> out = new ArrayList<>();
        ByteReader r = new ByteReader(datagram);
        try {
            while (r.remaining() >= 13) {
                int type = r.u8();
                r.u16();
                int epoch = r.u16();
                r.u48();
                byte[] fragment = r.opaque16();
                if (type == 22 && epoch == 0) {
                    out.add(fragment);
                }
            }
        } catch (DecodeException e) {
            throw new AssertionError("a genuine datagram does not parse", e);
        }
        return out;
    }

    /** Inputs of the message target: type index, key exchange index, body of each whole message. */
    private static List<byte[]> messages(byte[] fragments, Kind kind) {
        List<byte[]> out = new ArrayList<>();
        ByteReader r = new ByteReader(fragments);
        KeyExchangeAlgorithm kx = kind.suite.keyExchange();
        try {
            while (r.hasRemaining()) {
                HandshakeFragment f = HandshakeFragment.decode(r);
                HandshakeType type = HandshakeType.fromCode(f.msgType());
                if (type == null || !f.isWhole()) {
                    continue;
                }
                byte[] body = f.body();
                byte[] input = new byte[2 + body.length];
                input[0] = (byte) type.ordinal();
                input[1] = (byte) kx.ordinal();
                System.arraycopy(body, 0, input, 2, body.length);
                out.add(input);
            }
        } catch (DecodeException e) {
            throw new AssertionError("a genuine fragment does not parse", e);
        }
        return out;
    }

    private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        List<byte[]> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
