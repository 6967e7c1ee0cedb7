package org.dtls4j.handshake.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.EcdheKeyPair;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.crypto.Signatures;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.extension.Alpn;
import org.dtls4j.handshake.extension.CertificateType;
import org.dtls4j.handshake.extension.UseSrtp;
import org.dtls4j.handshake.extension.EcPointFormats;
import org.dtls4j.handshake.extension.EncryptThenMac;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.ConnectionId;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.extension.ServerName;
import org.dtls4j.handshake.extension.SessionTicket;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Certificate;
import org.dtls4j.handshake.message.CertificateRequest;
import org.dtls4j.handshake.message.CertificateVerify;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.ClientKeyExchange;
import org.dtls4j.handshake.message.Finished;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.handshake.message.RawPublicKeyCertificate;
import org.dtls4j.handshake.message.ServerEcdhParams;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.message.ServerHelloDone;
import org.dtls4j.handshake.message.ServerKeyExchange;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.record.ProtocolVersion;

/**
 * The server side of the DTLS 1.2 handshake (RFC 6347 §4.2, RFC 5246 §7.3). The cookie exchange
 * (flights 1-3) happened before this object existed, statelessly, in the cookie exchange; this
 * starts from the verified ClientHello and sends flight 4, then waits for flight 5 and answers with
 * flight 6 (see {@link ClientHandshake} for the picture). Resumption: ServerHello,
 * [ChangeCipherSpec], Finished, then the client's [ChangeCipherSpec], Finished.
 *
 * <p>With session tickets (RFC 5077 §3.1) a NewSessionTicket goes before our ChangeCipherSpec, in
 * flight 6 of a full handshake or after the ServerHello of an abbreviated one: part of our flight,
 * numbered and retransmitted with it.
 */
public final class ServerHandshake extends Handshake {
    private enum Expect {
        CLIENT_HELLO, CERTIFICATE, CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY, CHANGE_CIPHER_SPEC, FINISHED, DONE
    }

    private final byte[] verifiedHello;
    private final ServerNegotiation negotiation;
    private final ServerTickets tickets;
    /** Whether this handshake sends a NewSessionTicket (RFC 5077 §3.3), promised in our ServerHello. */
    private boolean issueTicket;
    private Expect expect = Expect.CLIENT_HELLO;
    private ClientHello hello;
    private boolean resumed;
    private byte[] sessionId;
    private NamedGroup group;
    private EcdheKeyPair ephemeral;
    private List<X509Certificate> clientChain = List.of();
    /** The client's raw public key (RFC 7250), when it sent one instead of a chain. */
    private PublicKey clientRawPublicKey;
    /** The certificate types agreed for this handshake (RFC 7250 §4.2); null without certificates. */
    private CertificateTypeNegotiation.Agreed certificateTypes;
    private byte[] pskIdentity;
    private String alpn;
    private String sni;
    /** max_fragment_length or record_size_limit as read from the ClientHello, and our answer (RFC 6066 §4, RFC 8449). */
    private RecordSizeNegotiation.Answer recordSizes;

    public ServerHandshake(DtlsConfig config, SecureRandom random, HandshakeHooks hooks, byte[] verifiedHello) {
        super(config.checkServer(), random, hooks); // a configuration that can never work fails here, named
        this.verifiedHello = verifiedHello;
        this.negotiation = new ServerNegotiation(config);
        this.tickets = new ServerTickets(config, negotiation, hooks);
    }

    @Override
    public void releaseAfterCompletion() {
        super.releaseAfterCompletion();
        ephemeral = null;
        hello = null;
    }

    @Override
    public void start(long now) throws DtlsException {
        if (verifiedHello == null) {
            return;
        }
        HandshakeFragment f;
        try {
            f = HandshakeFragment.decode(new ByteReader(verifiedHello));
        } catch (DecodeException e) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed verified ClientHello: " + e.getMessage(), e);
        }
        if (!f.isWhole()) {
            throw new IllegalArgumentException("the verified ClientHello must be one whole message");
        }
        onMessage(new HandshakeMessageBytes(f.msgType(), f.messageSeq(), f.body()), 0, now);
    }

    @Override
    protected void handle(HandshakeMessage message, HandshakeMessageBytes raw, int epoch, long now) throws DtlsException {
        switch (expect) {
            case CLIENT_HELLO:
                onClientHello(require(message, ClientHello.class, "ClientHello"), raw);
                break;
            case CERTIFICATE:
                if (message instanceof RawPublicKeyCertificate) {
                    onRawPublicKey((RawPublicKeyCertificate) message, raw);
                    break;
                }
                onCertificate(require(message, Certificate.class, "Certificate"), raw);
                break;
            case CLIENT_KEY_EXCHANGE:
                onClientKeyExchange(require(message, ClientKeyExchange.class, "ClientKeyExchange"), raw);
                break;
            case CERTIFICATE_VERIFY:
                onCertificateVerify(require(message, CertificateVerify.class, "CertificateVerify"), raw);
                break;
            case FINISHED:
                onFinished(require(message, Finished.class, "Finished"), raw, epoch);
                break;
            default:
                throw unexpected(expect == Expect.CHANGE_CIPHER_SPEC ? "ChangeCipherSpec" : expect.toString(), message.type());
        }
    }

    private void onClientHello(ClientHello ch, HandshakeMessageBytes raw) throws DtlsException {
        hello = ch;
        // The server's first message_seq echoes the ClientHello's (as OpenSSL's DTLSv1_listen):
        // after a stateless HelloVerifyRequest with message_seq 0 the ServerHello carries 1.
        nextSendSeq = raw.messageSeq();
        transcript.append(raw.transcriptBytes());
        clientRandom = ch.random();
        serverRandom = randomBytes(32);
        negotiation.checkClientHello(ch);
        extendedMasterSecret = ch.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET);
        alpn = negotiation.selectAlpn(ch);
        sni = negotiation.serverName(ch);
        useConnectionIds(negotiation.connectionIds(ch));
        srtpProfile = negotiation.selectSrtpProfile(ch);
        recordSizes = RecordSizeNegotiation.forServer(config, ch.extensions());
        useRecordLimits(recordSizes.limits());
        // RFC 5077 §3.4: a ticket first; the session ID the client sent with it is one it made up.
        DtlsSession byTicket = tickets.resume(ch, extendedMasterSecret);
        DtlsSession cached = byTicket != null ? byTicket : negotiation.resumable(ch, extendedMasterSecret);
        if (cached != null) {
            issueTicket = byTicket != null && tickets.renewing();
            resume(cached);
            return;
        }
        issueTicket = tickets.requested(ch);
        if (config.requireExtendedMasterSecret() && !extendedMasterSecret) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "client did not offer extended_master_secret (RFC 7627), which is required");
        }
        suite = negotiation.selectSuite(ch);
        encryptThenMac = negotiation.encryptThenMac(ch, suite);
        group = kx().usesEcdhe() ? negotiation.selectGroup(ch) : null;
        certificateTypes = kx().usesCertificate() ? CertificateTypeNegotiation.forServer(config, ch.extensions()) : null;
        // With a ticket to issue the session lives in the ticket, not the cache, and its ID is empty
        // (as OpenSSL's server does; RFC 5077 §3.4 has the client make up one to present it).
        sessionId = config.sessionStore() != null && !issueTicket ? randomBytes(32) : new byte[0];
        hooks.trace(() -> "ClientHello accepted: " + suite.ianaName() + (group != null ? ", group " + group.tlsName() : "")
                + ", extended_master_secret=" + extendedMasterSecret
                + (suite.cipher().isAead() ? "" : ", encrypt_then_mac=" + encryptThenMac));
        List<OutgoingMessage> flight = new ArrayList<>();
        flight.add(outgoing(0, serverHello()));
        if (kx().usesCertificate()) {
            flight.add(outgoing(0, serverCertificate()));
        }
        ServerKeyExchange ske = serverKeyExchange(ch);
        if (ske != null) {
            flight.add(outgoing(0, ske));
        }
        boolean askCertificate = certificateTypes != null && certificateTypes.client() != null;
        if (askCertificate) {
            List<Integer> schemes = new ArrayList<>();
            config.signatureSchemes().forEach(s -> schemes.add(s.code()));
            flight.add(outgoing(0, new CertificateRequest(
                    List.of(CertificateRequest.ECDSA_SIGN, CertificateRequest.RSA_SIGN), schemes, List.of())));
        }
        flight.add(outgoing(0, new ServerHelloDone()));
        hooks.trace(() -> "Flight 4: " + flight.size() + " messages");
        hooks.sendFlight(new Flight(flight), true);
        expect = askCertificate ? Expect.CERTIFICATE : Expect.CLIENT_KEY_EXCHANGE;
    }

    /** Our Certificate: the raw public key (RFC 7250 §3) or the chain, as the hellos agreed. */
    private HandshakeMessage serverCertificate() throws DtlsException {
        if (certificateTypes.server() == CertificateType.RAW_PUBLIC_KEY) {
            return new RawPublicKeyCertificate(config.rawPublicKey().getEncoded());
        }
        List<byte[]> chain = new ArrayList<>();
        for (X509Certificate c : config.certificateChain()) {
            chain.add(encoded(c));
        }
        return new Certificate(chain);
    }

    private ServerHello serverHello() {
        List<Extension> ext = new ArrayList<>();
        if (hello.extensions().contains(ExtensionType.RENEGOTIATION_INFO)
                || hello.cipherSuites().contains(CipherSuite.EMPTY_RENEGOTIATION_INFO_SCSV)) {
            // RFC 5746 §3.6: the server "MUST include an empty renegotiation_info extension".
            ext.add(RenegotiationInfo.INITIAL.toExtension());
        }
        if (extendedMasterSecret) {
            ext.add(ExtendedMasterSecret.INSTANCE.toExtension());
        }
        if (encryptThenMac) {
            ext.add(EncryptThenMac.INSTANCE.toExtension());
        }
        if (suite.keyExchange().usesEcdhe() && hello.extensions().contains(ExtensionType.EC_POINT_FORMATS)) {
            ext.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        }
        if (alpn != null) {
            ext.add(new Alpn(List.of(alpn)).toExtension());
        }
        if (sni != null && !resumed) {
            // RFC 6066 §3: the server's acknowledgement is an empty server_name extension.
            ext.add(ServerName.acknowledgement());
        }
        if (issueTicket) {
            ext.add(SessionTicket.EMPTY.toExtension()); // RFC 5077 §3.2: a NewSessionTicket will follow
        }
        connectionIds.ifPresent(c -> ext.add(new ConnectionId(c.ours()).toExtension()));
        srtpProfile.ifPresent(p -> ext.add(UseSrtp.of(List.of(p.code())).toExtension()));
        recordSizes.extension().ifPresent(ext::add);
        if (certificateTypes != null) {
            CertificateTypeNegotiation.answer(certificateTypes, hello.extensions(), ext);
        }
        return new ServerHello(ProtocolVersion.DTLS_1_2, serverRandom, sessionId, suite.id(), 0, Extensions.of(ext));
    }

    private ServerKeyExchange serverKeyExchange(ClientHello ch) throws DtlsException {
        byte[] hint = config.pskIdentityHint();
        switch (kx()) {
            case PSK:
                // RFC 4279 §2: "If no PSK identity hint is provided by the server, the
                // ServerKeyExchange message is omitted."
                return hint == null ? null : new ServerKeyExchange.Psk(hint);
            case ECDHE_PSK:
                ephemeral = EcdheKeyPair.generate(group, random, providers);
                return new ServerKeyExchange.EcdhePsk(hint == null ? new byte[0] : hint,
                        new ServerEcdhParams(group.code(), ephemeral.publicKey()));
            default: {
                ephemeral = EcdheKeyPair.generate(group, random, providers);
                ServerEcdhParams params = new ServerEcdhParams(group.code(), ephemeral.publicKey());
                SignatureScheme scheme = negotiation.selectSignatureScheme(ch);
                try {
                    byte[] sig = Signatures.sign(scheme, config.signingKey(),
                            params.signatureInput(clientRandom, serverRandom), random, providers);
                    return new ServerKeyExchange.Ecdhe(params, scheme.code(), sig);
                } catch (GeneralSecurityException e) {
                    throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign ServerKeyExchange: " + e.getMessage(), e);
                }
            }
        }
    }

    private void resume(DtlsSession s) throws DtlsException {
        resumed = true;
        suite = s.cipherSuite();
        encryptThenMac = negotiation.encryptThenMac(hello, suite);
        sessionId = s.sessionId();
        masterSecret = s.masterSecret();
        clientChain = s.peerCertificates();
        clientRawPublicKey = s.peerRawPublicKey().orElse(null);
        pskIdentity = s.pskIdentity();
        logKey();
        hooks.trace(() -> "resuming session " + s);
        List<OutgoingMessage> flight = new ArrayList<>();
        flight.add(outgoing(0, serverHello()));
        if (issueTicket) {
            flight.add(outgoing(0, tickets.issue(s, random)));
        }
        flight.add(OutgoingMessage.changeCipherSpec(0));
        installWriteKeys(false);
        flight.add(outgoing(1, finished(SERVER_FINISHED)));
        hooks.sendFlight(new Flight(flight), true);
        expect = Expect.CHANGE_CIPHER_SPEC;
    }

    private void onCertificate(Certificate c, HandshakeMessageBytes raw) throws DtlsException {
        if (c.isEmpty()) {
            if (config.clientAuth() == ClientAuth.REQUIRED) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "client certificate required but the client sent none");
            }
        } else {
            clientChain = PeerCertificates.parse(c.certificates());
            PeerCertificates.checkClient(config, clientChain);
        }
        transcript.append(raw.transcriptBytes());
        expect = Expect.CLIENT_KEY_EXCHANGE;
    }

    /** RFC 7250 §3: the client's Certificate carries its SubjectPublicKeyInfo; the key must be trusted. */
    private void onRawPublicKey(RawPublicKeyCertificate c, HandshakeMessageBytes raw) throws DtlsException {
        PublicKey key = RawPublicKeyChecks.parse(c.subjectPublicKeyInfo(), providers, "client");
        RawPublicKeyChecks.checkTrusted(config, key, hooks.peerAddress(), "client");
        clientRawPublicKey = key;
        transcript.append(raw.transcriptBytes());
        hooks.trace(() -> "client raw public key accepted: " + RawPublicKeyChecks.describe(key, providers));
        expect = Expect.CLIENT_KEY_EXCHANGE;
    }

    @Override
    protected CertificateType peerCertificateType() {
        return certificateTypes == null || certificateTypes.client() == null ? CertificateType.X509 : certificateTypes.client();
    }

    private void onClientKeyExchange(ClientKeyExchange cke, HandshakeMessageBytes raw) throws DtlsException {
        byte[] premaster;
        if (cke instanceof ClientKeyExchange.Psk) {
            pskIdentity = ((ClientKeyExchange.Psk) cke).identity();
            premaster = Premaster.psk(pskFor(pskIdentity));
        } else if (cke instanceof ClientKeyExchange.EcdhePsk) {
            ClientKeyExchange.EcdhePsk e = (ClientKeyExchange.EcdhePsk) cke;
            pskIdentity = e.identity();
            byte[] psk = pskFor(pskIdentity);
            premaster = Premaster.ecdhePsk(agree(ephemeral, e.publicKey()), psk);
        } else {
            premaster = agree(ephemeral, ((ClientKeyExchange.Ecdhe) cke).publicKey());
        }
        transcript.append(raw.transcriptBytes());
        deriveMasterSecret(premaster);
        expect = clientChain.isEmpty() && clientRawPublicKey == null ? Expect.CHANGE_CIPHER_SPEC : Expect.CERTIFICATE_VERIFY;
    }

    private byte[] pskFor(byte[] identity) throws DtlsException {
        byte[] key = config.pskStore() == null ? null : config.pskStore().keyFor(identity.clone());
        if (key == null) {
            // RFC 4279 §2: "If the server does not recognize the PSK identity, it MAY respond with an
            // 'unknown_psk_identity' alert message."
            throw new DtlsException(AlertDescription.UNKNOWN_PSK_IDENTITY,
                    "unknown PSK identity '" + new String(identity, StandardCharsets.UTF_8) + "'");
        }
        return key;
    }

    /** RFC 5246 §7.4.8: the signature covers every handshake message up to, not including, this one. */
    private void onCertificateVerify(CertificateVerify cv, HandshakeMessageBytes raw) throws DtlsException {
        PublicKey key = clientRawPublicKey != null ? clientRawPublicKey : clientChain.get(0).getPublicKey();
        SignatureScheme scheme = SignatureScheme.fromCode(cv.signatureScheme())
                .filter(config.signatureSchemes()::contains)
                .orElseThrow(() -> new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        String.format("CertificateVerify uses scheme 0x%04X, which we did not request", cv.signatureScheme())));
        if (!scheme.supportsKey(key) || !Signatures.verify(scheme, key, transcript.bytes(), cv.signature(), providers)) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "client CertificateVerify signature does not verify (" + scheme + ")");
        }
        transcript.append(raw.transcriptBytes());
        expect = Expect.CHANGE_CIPHER_SPEC;
    }

    @Override
    protected boolean expectsChangeCipherSpec() {
        return expect == Expect.CHANGE_CIPHER_SPEC;
    }

    /** Flight 5 is arriving: Certificate*, ClientKeyExchange, CertificateVerify*, [ChangeCipherSpec], Finished. */
    @Override
    protected boolean changeCipherSpecMayBeEarly() {
        return expect == Expect.CERTIFICATE || expect == Expect.CLIENT_KEY_EXCHANGE || expect == Expect.CERTIFICATE_VERIFY;
    }

    @Override
    protected void acceptChangeCipherSpec() {
        installReadKeys(false);
        expect = Expect.FINISHED;
    }

    @Override
    protected String expectation() {
        return expect.toString();
    }

    private void onFinished(Finished f, HandshakeMessageBytes raw, int epoch) throws DtlsException {
        if (epoch == 0) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, "Finished in epoch 0");
        }
        verifyFinished(f, CLIENT_FINISHED);
        transcript.append(raw.transcriptBytes());
        DtlsSession session = new DtlsSession(sessionId, suite, masterSecret, extendedMasterSecret, clientChain,
                pskIdentity, sni, clientRawPublicKey);
        if (!resumed) {
            List<OutgoingMessage> flight = new ArrayList<>();
            if (issueTicket) {
                flight.add(outgoing(0, tickets.issue(session, random)));
            }
            flight.add(OutgoingMessage.changeCipherSpec(0));
            installWriteKeys(false);
            flight.add(outgoing(1, finished(SERVER_FINISHED)));
            hooks.trace(() -> "Flight 6: " + (issueTicket ? "NewSessionTicket, " : "") + "ChangeCipherSpec, Finished");
            hooks.sendFlight(new Flight(flight), false);
        }
        expect = Expect.DONE;
        if (!resumed && sessionId.length > 0) {
            config.sessionStore().put(session);
        }
        hooks.completed(new Negotiated("DTLSv1.2", suite, Optional.ofNullable(group), extendedMasterSecret, clientChain,
                pskIdentity == null ? Optional.empty() : Optional.of(new String(pskIdentity, StandardCharsets.UTF_8)),
                Optional.ofNullable(alpn), Optional.ofNullable(sni), resumed, session, connectionIds, srtpProfile,
                exporter(), Optional.ofNullable(clientRawPublicKey), encryptThenMac));
    }

    @Override
    public Optional<String> pskIdentityInUse() {
        return pskIdentity == null ? Optional.empty() : Optional.of(new String(pskIdentity, StandardCharsets.UTF_8));
    }
}
