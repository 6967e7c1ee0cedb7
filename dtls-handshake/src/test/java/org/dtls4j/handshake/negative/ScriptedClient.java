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
import org.dtls4j.handshake.extension.SignatureAlgorithms;
import org.dtls4j.handshake.extension.SupportedGroups;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Certificate;
import org.dtls4j.handshake.message.CertificateRequest;
import org.dtls4j.handshake.message.CertificateVerify;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.ClientKeyExchange;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.message.ServerKeyExchange;
import org.dtls4j.record.ProtocolVersion;

/**
 * A scripted DTLS 1.2 client (RFC 6347 §4.2, RFC 5246 §7.3) against a server {@link DtlsEngine}:
 * it reads the server's flights and builds its own messages with valid crypto, one record at a
 * time, so a test decides what is sent, in which order, and what is left out. See
 * {@link ScriptedPeer} for the conventions.
 */
public final class ScriptedClient extends ScriptedPeer {
    private final List<CipherSuite> offered;
    private Credentials credentials;
    private byte[] pskIdentity;
    private byte[] pskKey;
    private List<X509Certificate> serverChain = List.of();
    private ServerKeyExchange serverKeyExchange;
    private CertificateRequest certificateRequest;
    private boolean serverHelloDone;
    private ServerHello serverHello;
    private boolean serverFinishedVerified;
    private EcdheKeyPair ephemeral;

    /** A client offering {@code offered} (the first is the one a test expects the server to pick). */
    public ScriptedClient(DtlsEngine server, SecureRandom random, CipherSuite... offered) {
        super(server, random);
        this.offered = List.of(offered);
        this.clientRandom = randomBytes(32);
    }

    public ScriptedClient withCertificate(Credentials c) {
        this.credentials = c;
        return this;
    }

    public ScriptedClient withPsk(byte[] identity, byte[] key) {
        this.pskIdentity = identity.clone();
        this.pskKey = key.clone();
        return this;
    }

    @Override
    protected boolean isClient() {
        return true;
    }

    // ------------------------------------------------------------------------------- reading

    @Override
    protected void onHandshake(HandshakeMessageBytes m, int epoch) {
        HandshakeType type = HandshakeType.fromCode(m.msgType());
        if (type == HandshakeType.FINISHED) {
            serverFinishedVerified = epoch == 1 && verifiesFinished(m);
            transcript.append(m.transcriptBytes());
            return;
        }
        transcript.append(m.transcriptBytes());
        try {
            HandshakeMessage msg = HandshakeMessage.decode(type, m.body(), suite == null ? null : suite.keyExchange());
            if (msg instanceof ServerHello sh) {
                serverHello = sh;
                suite = CipherSuite.fromId(sh.cipherSuite()).orElseThrow();
                serverRandom = sh.random();
                extendedMasterSecret = sh.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET);
                encryptThenMac = !suite.cipher().isAead() && sh.extensions().contains(ExtensionType.ENCRYPT_THEN_MAC);
            } else if (msg instanceof Certificate c) {
                serverChain = parse(c.certificates());
            } else if (msg instanceof ServerKeyExchange ske) {
                serverKeyExchange = ske;
            } else if (msg instanceof CertificateRequest cr) {
                certificateRequest = cr;
            } else if (type == HandshakeType.SERVER_HELLO_DONE) {
                serverHelloDone = true;
            }
        } catch (DecodeException e) {
            throw new AssertionError("the server engine sent a malformed " + type, e);
        }
    }

    public List<X509Certificate> serverChain() {
        return serverChain;
    }

    public ServerKeyExchange serverKeyExchange() {
        return serverKeyExchange;
    }

    public CertificateRequest certificateRequest() {
        return certificateRequest;
    }

    /** The ServerHello the server engine sent, or null before it came. */
    public ServerHello serverHelloReceived() {
        return serverHello;
    }

    public boolean serverHelloDone() {
        return serverHelloDone;
    }

    public boolean serverFinishedVerified() {
        return serverFinishedVerified;
    }

    public CipherSuite suite() {
        return suite;
    }

    // ------------------------------------------------------------------------------- messages

    /**
     * The ClientHello an honest client sends: our suites, groups, schemes, EMS, encrypt_then_mac
     * with CBC suites, renegotiation_info.
     */
    public ClientHello hello() {
        return hello(defaultExtensions());
    }

    /** A ClientHello with the given extensions and no cookie. */
    public ClientHello hello(List<Extension> extensions) {
        List<Integer> ids = new ArrayList<>();
        offered.forEach(s -> ids.add(s.id()));
        return ClientHello.of(ProtocolVersion.DTLS_1_2, clientRandom, new byte[0], new byte[0], ids, Extensions.of(extensions));
    }

    /** Extensions of {@link #hello()}, for a test to change. */
    public List<Extension> defaultExtensions() {
        List<Extension> ext = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (NamedGroup g : NamedGroup.values()) {
            groups.add(g.code());
        }
        ext.add(new SupportedGroups(groups).toExtension());
        ext.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        List<Integer> schemes = new ArrayList<>();
        SignatureScheme.defaultPreference().forEach(s -> schemes.add(s.code()));
        ext.add(new SignatureAlgorithms(schemes).toExtension());
        ext.add(ExtendedMasterSecret.INSTANCE.toExtension());
        if (offered.stream().anyMatch(s -> !s.cipher().isAead())) {
            ext.add(EncryptThenMac.INSTANCE.toExtension());
        }
        ext.add(RenegotiationInfo.INITIAL.toExtension());
        return ext;
    }

    /** {@code hello} as the next message; its random becomes this handshake's client_random. */
    public byte[] clientHello(ClientHello hello) {
        clientRandom = hello.random();
        return message(hello);
    }

    public byte[] clientHello() {
        return clientHello(hello());
    }

    /** Our certificate chain, or an empty Certificate without credentials. */
    public byte[] certificate() {
        List<byte[]> der = new ArrayList<>();
        if (credentials != null) {
            for (X509Certificate c : credentials.chain()) {
                der.add(encoded(c));
            }
        }
        return message(new Certificate(der));
    }

    public byte[] emptyCertificate() {
        return message(Certificate.empty());
    }

    /**
     * The ClientKeyExchange for the chosen suite (RFC 8422 §5.7, RFC 4279 §2, RFC 5489 §2); then the
     * master secret, over the transcript including this message when EMS was negotiated.
     */
    public byte[] clientKeyExchange() {
        byte[] premaster;
        ClientKeyExchange cke;
        switch (suite.keyExchange()) {
            case PSK:
                cke = new ClientKeyExchange.Psk(pskIdentity);
                premaster = pskPremaster(new byte[pskKey.length], pskKey);
                break;
            case ECDHE_PSK: {
                ServerKeyExchange.EcdhePsk ske = (ServerKeyExchange.EcdhePsk) serverKeyExchange;
                byte[] z = agree(ske.params().namedGroup(), ske.params().publicKey());
                cke = new ClientKeyExchange.EcdhePsk(pskIdentity, ephemeral.publicKey());
                premaster = pskPremaster(z, pskKey);
                break;
            }
            default: {
                ServerKeyExchange.Ecdhe ske = (ServerKeyExchange.Ecdhe) serverKeyExchange;
                premaster = agree(ske.params().namedGroup(), ske.params().publicKey());
                cke = new ClientKeyExchange.Ecdhe(ephemeral.publicKey());
            }
        }
        byte[] record = message(cke);
        deriveMasterSecret(premaster);
        return record;
    }

    private byte[] agree(int group, byte[] serverPoint) {
        ephemeral = EcdheKeyPair.generate(NamedGroup.fromCode(group).orElseThrow(), random, providers);
        try {
            return ephemeral.agree(serverPoint);
        } catch (InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    /** A right CertificateVerify: our key, the natural scheme, over the transcript so far (RFC 5246 §7.4.8). */
    public byte[] certificateVerify() {
        return certificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, credentials.privateKey());
    }

    /** A CertificateVerify claiming {@code scheme} and signed by {@code key}. */
    public byte[] certificateVerify(SignatureScheme scheme, PrivateKey key) {
        return message(new CertificateVerify(scheme.code(), sign(scheme, key, transcript.bytes())));
    }

    /** The transcript so far, as a CertificateVerify would sign it. */
    public byte[] transcriptBytes() {
        return transcript.bytes();
    }
}
