package org.dtls4j.handshake.statemachine;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.ClientKeyExchange;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloRequest;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.message.ServerHelloDone;
import org.dtls4j.handshake.negative.ScriptedClient;
import org.dtls4j.handshake.negative.ScriptedPeer;
import org.dtls4j.handshake.negative.ScriptedServer;

/**
 * Turns a {@link Symbol} into the records the scripted peer sends for it, with valid crypto
 * wherever the peer's view allows (a Finished over its transcript, a CertificateVerify with its
 * key, a ServerKeyExchange signed by the certified key), and a well-formed stand-in where it does
 * not (a ClientKeyExchange before any ServerKeyExchange carries a random point).
 */
final class Messages {
    /** A P-256 key and certificate no trust anchor of the walk vouches for, named for localhost. */
    private static final Credentials STRANGER = ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost");
    /** A suite none of the walk's configurations enables. */
    private static final int FOREIGN_SUITE = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.id();

    private final ScriptedClient client;
    private final ScriptedServer server;
    private final ScriptedPeer peer;
    private final RunConfig config;
    private final DeterministicRandom random = new DeterministicRandom(17);
    /** The key of the certificate this peer showed last: what a peer holding that certificate signs with. */
    private PrivateKey signingKey;

    Messages(ScriptedClient client, ScriptedServer server, RunConfig config) {
        this.client = client;
        this.server = server;
        this.peer = client != null ? client : server;
        this.config = config;
        this.signingKey = client != null ? TestPeers.CLIENT.privateKey() : TestPeers.pkiFor(config.suite).leaf().privateKey();
    }

    /** A key that is not the one of the certificate shown. */
    private PrivateKey otherKey() {
        return signingKey == STRANGER.privateKey() ? TestPeers.CLIENT.privateKey() : STRANGER.privateKey();
    }

    /** The records for {@code s}; empty when there is nothing to send (a retransmission before any message). */
    List<byte[]> build(Symbol s, byte[] payload) {
        switch (s) {
            case CERTIFICATE:
                signingKey = client != null ? TestPeers.CLIENT.privateKey() : TestPeers.pkiFor(config.suite).leaf().privateKey();
                return one(client != null ? client.certificate() : server.certificate());
            case CERTIFICATE_EMPTY:
                return one(peer.certificate(List.of()));
            case CERTIFICATE_UNTRUSTED:
                signingKey = STRANGER.privateKey();
                return one(peer.certificate(STRANGER.chain()));
            case CHANGE_CIPHER_SPEC:
                return one(peer.changeCipherSpec());
            case FINISHED:
                return one(peer.finished());
            case FINISHED_WRONG:
                return one(peer.wrongFinished());
            case APPLICATION_DATA:
                return one(peer.applicationData(payload));
            case CLOSE_NOTIFY:
                return one(peer.alert(1, AlertDescription.CLOSE_NOTIFY));
            case FATAL_ALERT:
                return one(peer.alert(2, AlertDescription.HANDSHAKE_FAILURE));
            case RETRANSMIT:
                return peer.hasSent(peer.lastMessageSeq()) ? one(peer.resend(peer.lastMessageSeq())) : List.of();
            case TIMER:
            case SKIP:
                return List.of();
            default:
                return client != null ? fromClient(s) : fromServer(s);
        }
    }

    private List<byte[]> fromClient(Symbol s) {
        switch (s) {
            case CLIENT_HELLO:
                return one(client.clientHello());
            case CLIENT_HELLO_WITHOUT_EMS:
                return one(client.clientHello(client.hello(without(client.defaultExtensions(), ExtensionType.EXTENDED_MASTER_SECRET))));
            case CLIENT_HELLO_NO_COMMON_SUITE: {
                ClientHello h = client.hello();
                return one(client.message(new ClientHello(h.clientVersion(), h.random(), h.sessionId(), h.cookie(),
                        List.of(FOREIGN_SUITE), h.compressionMethods(), h.extensions())));
            }
            case CLIENT_HELLO_RESTART: {
                ClientHello h = new ScriptedClient(null, random, config.suite).hello();
                return one(client.forged(HandshakeType.CLIENT_HELLO.code(), 0, h.encode(), peer.wire().writeEpoch()));
            }
            case CLIENT_KEY_EXCHANGE:
                if (client.suite() == null || client.suite().keyExchange().usesEcdhe() && client.serverKeyExchange() == null) {
                    return one(client.unrecorded(standInKeyExchange()));
                }
                return one(client.clientKeyExchange());
            case CERTIFICATE_VERIFY:
                return one(client.certificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, signingKey));
            case CERTIFICATE_VERIFY_WRONG_KEY:
                return one(client.certificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, otherKey()));
            case SERVER_HELLO_DONE_FROM_CLIENT:
                return one(client.unrecorded(ServerHelloDone.INSTANCE));
            default:
                throw new IllegalArgumentException(s + " is not a client's");
        }
    }

    /** A well-formed ClientKeyExchange of the configured suite with a random point. */
    private ClientKeyExchange standInKeyExchange() {
        byte[] point = new byte[32];
        random.nextBytes(point);
        switch (config.suite.keyExchange()) {
            case PSK:
                return new ClientKeyExchange.Psk(TestPeers.PSK_IDENTITY);
            case ECDHE_PSK:
                return new ClientKeyExchange.EcdhePsk(TestPeers.PSK_IDENTITY, point);
            default:
                return new ClientKeyExchange.Ecdhe(point);
        }
    }

    private List<byte[]> fromServer(Symbol s) {
        switch (s) {
            case HELLO_VERIFY_REQUEST:
                byte[] cookie = new byte[16];
                random.nextBytes(cookie);
                return one(server.helloVerifyRequest(cookie));
            case SERVER_HELLO:
                return one(server.serverHello());
            case SERVER_HELLO_WITHOUT_EMS:
                return one(server.serverHello(server.hello(config.suite.id(),
                        without(server.hello().extensions().list(), ExtensionType.EXTENDED_MASTER_SECRET))));
            case SERVER_HELLO_UNOFFERED_SUITE:
                return one(server.serverHello(server.hello(FOREIGN_SUITE, server.hello().extensions().list())));
            case SERVER_HELLO_RESTART: {
                ServerHello sh = server.hello();
                byte[] other = new byte[32];
                random.nextBytes(other);
                ServerHello restart = new ServerHello(sh.serverVersion(), other, sh.sessionId(), sh.cipherSuite(), 0, sh.extensions());
                return one(server.forged(HandshakeType.SERVER_HELLO.code(), 0, restart.encode(), peer.wire().writeEpoch()));
            }
            case SERVER_KEY_EXCHANGE:
                if (config.certificateSuite()) {
                    return one(server.message(server.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, signingKey)));
                }
                return one(server.serverKeyExchange());
            case SERVER_KEY_EXCHANGE_BAD_SIGNATURE:
                return one(server.message(server.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, otherKey())));
            case CERTIFICATE_REQUEST:
                return one(server.certificateRequest());
            case SERVER_HELLO_DONE:
                return one(server.serverHelloDone());
            case HELLO_REQUEST:
                return one(server.unrecorded(HelloRequest.INSTANCE));
            default:
                throw new IllegalArgumentException(s + " is not a server's");
        }
    }

    private static List<byte[]> one(byte[] record) {
        return List.of(record);
    }

    private static List<Extension> without(List<Extension> ext, ExtensionType type) {
        List<Extension> out = new ArrayList<>();
        for (Extension e : ext) {
            if (e.type() != type.code()) {
                out.add(e);
            }
        }
        return out;
    }
}
