package org.dtls4j.handshake.negative;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.EcdheKeyPair;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.handshake.extension.EcPointFormats;
import org.dtls4j.handshake.extension.EncryptThenMac;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Certificate;
import org.dtls4j.handshake.message.CertificateRequest;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.ClientKeyExchange;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloVerifyRequest;
import org.dtls4j.handshake.message.ServerEcdhParams;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.message.ServerHelloDone;
import org.dtls4j.handshake.message.ServerKeyExchange;
import org.dtls4j.record.ProtocolVersion;

/**
 * A scripted DTLS 1.2 server (RFC 6347 §4.2, RFC 5246 §7.3) against a client {@link DtlsEngine}:
 * it reads the client's flights and builds server messages with valid crypto, one record at a
 * time, so a test can skip, repeat, reorder or falsify any of them. See {@link ScriptedPeer}.
 */
public final class ScriptedServer extends ScriptedPeer {
    private final CipherSuite chosen;
    private Credentials credentials;
    private byte[] pskKey;
    private NamedGroup group = NamedGroup.X25519;
    private ClientHello clientHello;
    private List<X509Certificate> clientChain = List.of();
    private byte[] clientCertificateVerify;
    private boolean clientFinishedVerified;
    private EcdheKeyPair ephemeral;

    /** A server that will choose {@code chosen}. */
    public ScriptedServer(DtlsEngine client, SecureRandom random, CipherSuite chosen) {
        super(client, random);
        this.chosen = chosen;
        this.serverRandom = randomBytes(32);
    }

    public ScriptedServer withCertificate(Credentials c) {
        this.credentials = c;
        return this;
    }

    public ScriptedServer withPsk(byte[] key) {
        this.pskKey = key.clone();
        return this;
    }

    public ScriptedServer withGroup(NamedGroup g) {
        this.group = g;
        return this;
    }

    @Override
    protected boolean isClient() {
        return false;
    }

    // ------------------------------------------------------------------------------- reading

    @Override
    protected void onHandshake(HandshakeMessageBytes m, int epoch) {
        HandshakeType type = HandshakeType.fromCode(m.msgType());
        if (type == HandshakeType.FINISHED) {
            clientFinishedVerified = epoch == 1 && verifiesFinished(m);
            transcript.append(m.transcriptBytes());
            return;
        }
        transcript.append(m.transcriptBytes());
        try {
            HandshakeMessage msg = HandshakeMessage.decode(type, m.body(), suite == null ? chosen.keyExchange() : suite.keyExchange());
            if (msg instanceof ClientHello ch) {
                clientHello = ch;
                clientRandom = ch.random();
            } else if (msg instanceof Certificate c) {
                clientChain = parse(c.certificates());
            } else if (msg instanceof ClientKeyExchange cke) {
                deriveMasterSecret(premaster(cke));
            } else if (type == HandshakeType.CERTIFICATE_VERIFY) {
                clientCertificateVerify = m.body();
            }
        } catch (DecodeException e) {
            throw new AssertionError("the client engine sent a malformed " + type, e);
        }
    }

    private byte[] premaster(ClientKeyExchange cke) {
        try {
            if (cke instanceof ClientKeyExchange.Psk) {
                return pskPremaster(new byte[pskKey.length], pskKey);
            }
            if (cke instanceof ClientKeyExchange.EcdhePsk e) {
                return pskPremaster(ephemeral.agree(e.publicKey()), pskKey);
            }
            return ephemeral.agree(((ClientKeyExchange.Ecdhe) cke).publicKey());
        } catch (InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    public ClientHello clientHello() {
        return clientHello;
    }

    public List<X509Certificate> clientChain() {
        return clientChain;
    }

    public boolean sawCertificateVerify() {
        return clientCertificateVerify != null;
    }

    public boolean clientFinishedVerified() {
        return clientFinishedVerified;
    }

    // ------------------------------------------------------------------------------- messages

    /**
     * A HelloVerifyRequest (RFC 6347 §4.2.1). It takes a message_seq but, like the first
     * ClientHello, stays out of the transcript, which starts again with the next ClientHello.
     */
    public byte[] helloVerifyRequest(byte[] cookie) {
        transcript.reset();
        return forged(HandshakeType.HELLO_VERIFY_REQUEST.code(), nextSendSeq++,
                new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, cookie).encode(), 0);
    }

    /**
     * The ServerHello an honest server sends for {@code chosen}, echoing EMS, renegotiation_info,
     * and encrypt_then_mac for a CBC suite.
     */
    public ServerHello hello() {
        List<Extension> ext = new ArrayList<>();
        ext.add(RenegotiationInfo.INITIAL.toExtension());
        if (clientHello.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET)) {
            ext.add(ExtendedMasterSecret.INSTANCE.toExtension());
        }
        if (!chosen.cipher().isAead() && clientHello.extensions().contains(ExtensionType.ENCRYPT_THEN_MAC)) {
            ext.add(EncryptThenMac.INSTANCE.toExtension());
        }
        if (chosen.keyExchange().usesEcdhe()) {
            ext.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        }
        return hello(chosen.id(), ext);
    }

    /** A ServerHello with any suite id and extensions. */
    public ServerHello hello(int suiteId, List<Extension> extensions) {
        return new ServerHello(ProtocolVersion.DTLS_1_2, serverRandom, new byte[0], suiteId, 0, Extensions.of(extensions));
    }

    /** {@code sh} as the next message; its suite, EMS and encrypt_then_mac become this handshake's. */
    public byte[] serverHello(ServerHello sh) {
        suite = CipherSuite.fromId(sh.cipherSuite()).orElse(chosen);
        extendedMasterSecret = sh.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET);
        encryptThenMac = !suite.cipher().isAead() && sh.extensions().contains(ExtensionType.ENCRYPT_THEN_MAC);
        return message(sh);
    }

    public byte[] serverHello() {
        return serverHello(hello());
    }

    public byte[] certificate() {
        List<byte[]> der = new ArrayList<>();
        for (X509Certificate c : credentials.chain()) {
            der.add(encoded(c));
        }
        return message(new Certificate(der));
    }

    /** A right ServerKeyExchange for the suite (RFC 8422 §5.4, RFC 4279 §2, RFC 5489 §2). */
    public byte[] serverKeyExchange() {
        return message(serverKeyExchangeMessage());
    }

    public ServerKeyExchange serverKeyExchangeMessage() {
        switch (chosen.keyExchange()) {
            case PSK:
                return new ServerKeyExchange.Psk("hint".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case ECDHE_PSK:
                return new ServerKeyExchange.EcdhePsk(new byte[0], ecdheParams());
            default:
                return signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, credentials.privateKey());
        }
    }

    /** ECDHE parameters signed with {@code key}, claiming {@code scheme}. */
    public ServerKeyExchange.Ecdhe signedKeyExchange(SignatureScheme scheme, PrivateKey key) {
        ServerEcdhParams params = ecdheParams();
        byte[] sig = sign(scheme, key, params.signatureInput(clientRandom, serverRandom));
        return new ServerKeyExchange.Ecdhe(params, scheme.code(), sig);
    }

    /** Fresh ephemeral parameters on this server's group; the key pair is kept for the ClientKeyExchange. */
    public ServerEcdhParams ecdheParams() {
        ephemeral = EcdheKeyPair.generate(group, random, providers);
        return new ServerEcdhParams(group.code(), ephemeral.publicKey());
    }

    public byte[] certificateRequest() {
        List<Integer> schemes = new ArrayList<>();
        SignatureScheme.defaultPreference().forEach(s -> schemes.add(s.code()));
        return message(new CertificateRequest(List.of(CertificateRequest.ECDSA_SIGN, CertificateRequest.RSA_SIGN), schemes, List.of()));
    }

    public byte[] serverHelloDone() {
        return message(ServerHelloDone.INSTANCE);
    }
}
