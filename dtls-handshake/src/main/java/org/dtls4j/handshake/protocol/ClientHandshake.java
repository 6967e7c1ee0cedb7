package org.dtls4j.handshake.protocol;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.EcdheKeyPair;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.crypto.Signatures;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.extension.CertificateType;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
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
import org.dtls4j.handshake.message.HelloRequest;
import org.dtls4j.handshake.message.HelloVerifyRequest;
import org.dtls4j.handshake.message.NewSessionTicket;
import org.dtls4j.handshake.message.RawPublicKeyCertificate;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.message.ServerKeyExchange;
import org.dtls4j.record.ProtocolVersion;

/**
 * The client side of the DTLS 1.2 handshake (RFC 6347 §4.2, RFC 5246 §7.3):
 * <pre>
 *   Flight 1  ClientHello                      --&gt;
 *                                              &lt;--  HelloVerifyRequest        Flight 2
 *   Flight 3  ClientHello (with cookie)        --&gt;
 *                                              &lt;--  ServerHello               Flight 4
 *                                                    Certificate*
 *                                                    ServerKeyExchange*
 *                                                    CertificateRequest*
 *                                                    ServerHelloDone
 *   Flight 5  Certificate*                     --&gt;
 *             ClientKeyExchange
 *             CertificateVerify*
 *             [ChangeCipherSpec]
 *             Finished
 *                                              &lt;--  [ChangeCipherSpec]        Flight 6
 *                                                    Finished
 * </pre>
 * Resumption (abbreviated): ServerHello, [ChangeCipherSpec], Finished from the server, then our
 * [ChangeCipherSpec], Finished as the final flight.
 *
 * <p>Session tickets (RFC 5077 §3.1): a server that answers our SessionTicket extension sends a
 * NewSessionTicket before its ChangeCipherSpec, in flight 6 or after its ServerHello when resuming.
 * A session with a ticket is offered with the ticket and a session ID; the server's echo of that
 * ID says it accepted the ticket (RFC 5077 §3.4).
 */
public final class ClientHandshake extends Handshake {
    private enum Expect {
        SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, SERVER_KEY_EXCHANGE_OR_DONE, CERTIFICATE_REQUEST_OR_DONE,
        SERVER_HELLO_DONE, NEW_SESSION_TICKET, CHANGE_CIPHER_SPEC, FINISHED, DONE
    }

    /** HelloVerifyRequests answered in one handshake (see {@link #onHelloVerifyRequest}). */
    static final int MAX_HELLO_VERIFY_REQUESTS = 3;

    private final DtlsSession offered;
    private final ClientOffer offer;
    private Expect expect = Expect.SERVER_HELLO;
    private ClientHello hello;
    private boolean resumed;
    private int helloVerifyRequests;
    private List<X509Certificate> serverChain = List.of();
    /** The server's raw public key (RFC 7250), when it sent one instead of a chain. */
    private PublicKey serverRawPublicKey;
    /** The certificate types the ServerHello agreed on (RFC 7250 §4.2); null until then, and without certificates. */
    private CertificateTypeNegotiation.Agreed certificateTypes;
    private ServerKeyExchange serverKeyExchange;
    private CertificateRequest certificateRequest;
    private NamedGroup group;
    private String alpn;
    /** The ServerHello answered our SessionTicket extension: a NewSessionTicket comes before ChangeCipherSpec. */
    private boolean ticketPromised;
    private NewSessionTicket newTicket;

    public ClientHandshake(DtlsConfig config, SecureRandom random, HandshakeHooks hooks, DtlsSession offered) {
        super(config.checkClient(), random, hooks); // a configuration that can never work fails here, named
        // A session set up under another pinned fingerprint or raw public key trust is not offered: its server was not
        // checked against this one.
        this.offered = offered != null && PeerCertificates.resumableUnderPin(config, offered.peerCertificates())
                && RawPublicKeyChecks.resumable(config, offered) ? offered : null;
        this.offer = new ClientOffer(config, !config.offerSessionTickets() ? null
                : this.offered != null ? this.offered.ticket().orElse(new byte[0]) : new byte[0]);
    }

    @Override
    public void start(long now) {
        clientRandom = randomBytes(32);
        List<Integer> suites = new ArrayList<>();
        for (CipherSuite s : offer.suites()) {
            suites.add(s.id());
        }
        byte[] sessionId = offered != null ? offered.sessionId() : new byte[0];
        hello = ClientHello.of(ProtocolVersion.DTLS_1_2, clientRandom, sessionId, new byte[0], suites, offer.extensions());
        hooks.trace(() -> "Flight 1: ClientHello offering " + names(offer.suites()));
        sendHello();
    }

    private void sendHello() {
        OutgoingMessage m = outgoing(0, hello);
        hooks.sendFlight(new Flight(List.of(m)), true);
    }

    @Override
    protected void handle(HandshakeMessage message, HandshakeMessageBytes raw, int epoch, long now) throws DtlsException {
        if (message instanceof HelloRequest) {
            // RFC 5246 §7.4.1.1: "This message will be ignored by the client if the client is
            // currently negotiating a session." It stays out of the transcript too.
            hooks.trace(() -> "HelloRequest during the handshake: ignored");
            return;
        }
        if (message instanceof HelloVerifyRequest) {
            onHelloVerifyRequest((HelloVerifyRequest) message);
            return;
        }
        switch (expect) {
            case SERVER_HELLO:
                onServerHello(require(message, ServerHello.class, "ServerHello"), raw);
                break;
            case CERTIFICATE:
                if (message instanceof RawPublicKeyCertificate) {
                    onRawPublicKey((RawPublicKeyCertificate) message, raw);
                    break;
                }
                onCertificate(require(message, Certificate.class, "Certificate"), raw);
                break;
            case SERVER_KEY_EXCHANGE:
                onServerKeyExchange(require(message, ServerKeyExchange.class, "ServerKeyExchange"), raw);
                break;
            case SERVER_KEY_EXCHANGE_OR_DONE:
                // RFC 4279 §2: "If no PSK identity hint is provided by the server, the
                // ServerKeyExchange message is omitted." So with plain PSK it may come, or not.
                if (message instanceof ServerKeyExchange) {
                    onServerKeyExchange((ServerKeyExchange) message, raw);
                    break;
                }
                onServerHelloDone(require(message, org.dtls4j.handshake.message.ServerHelloDone.class,
                        "ServerKeyExchange or ServerHelloDone"), raw);
                break;
            case CERTIFICATE_REQUEST_OR_DONE:
                if (message instanceof CertificateRequest) {
                    onCertificateRequest((CertificateRequest) message, raw);
                    break;
                }
                onServerHelloDone(require(message, org.dtls4j.handshake.message.ServerHelloDone.class,
                        "CertificateRequest or ServerHelloDone"), raw);
                break;
            case SERVER_HELLO_DONE:
                onServerHelloDone(require(message, org.dtls4j.handshake.message.ServerHelloDone.class, "ServerHelloDone"), raw);
                break;
            case NEW_SESSION_TICKET:
                onNewSessionTicket(require(message, NewSessionTicket.class, "NewSessionTicket"), raw);
                break;
            case FINISHED:
                onFinished(require(message, Finished.class, "Finished"), raw, epoch);
                break;
            default:
                throw unexpected(expect == Expect.CHANGE_CIPHER_SPEC ? "ChangeCipherSpec" : expect.toString(), message.type());
        }
    }

    /**
     * RFC 6347 §4.2.1: answer with the same hello plus the cookie; neither enters the transcript.
     * A stateless server whose secret rotated meanwhile answers our cookie with a new
     * HelloVerifyRequest ("If a server receives a ClientHello with an invalid cookie, it SHOULD treat
     * it the same as a ClientHello with no cookie"), so a few are taken, each with its own cookie;
     * a server that keeps sending them is refused. (OpenSSL's client takes any number.)
     */
    private void onHelloVerifyRequest(HelloVerifyRequest hvr) throws DtlsException {
        if (expect != Expect.SERVER_HELLO) {
            throw unexpected(expect.toString(), hvr.type());
        }
        if (++helloVerifyRequests > MAX_HELLO_VERIFY_REQUESTS) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, "HelloVerifyRequest number " + helloVerifyRequests
                    + " in one handshake; at most " + MAX_HELLO_VERIFY_REQUESTS + " are answered");
        }
        peerFlightRestarted();
        transcript.reset();
        hello = hello.withCookie(hvr.cookie());
        hooks.trace(() -> "Flight 3: ClientHello with the " + hvr.cookie().length + "-byte cookie");
        sendHello();
    }

    private void onServerHello(ServerHello sh, HandshakeMessageBytes raw) throws DtlsException {
        if (sh.serverVersion() != ProtocolVersion.DTLS_1_2) {
            throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                    String.format("server chose version 0x%04X; only DTLS 1.2 (0xFEFD) is supported", sh.serverVersion()));
        }
        CipherSuite chosen = offer.chosenSuite(sh.cipherSuite());
        if (sh.compressionMethod() != 0) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose compression " + sh.compressionMethod());
        }
        alpn = offer.checkServerExtensions(sh.extensions());
        useConnectionIds(offer.connectionIds(sh.extensions()));
        srtpProfile = offer.srtpProfile(sh.extensions());
        useRecordLimits(RecordSizeNegotiation.forClient(config, sh.extensions()));
        suite = chosen;
        serverRandom = sh.random();
        extendedMasterSecret = sh.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET);
        encryptThenMac = offer.encryptThenMac(chosen, sh.extensions());
        ticketPromised = ticketPromised(sh);
        transcript.append(raw.transcriptBytes());
        hooks.trace(() -> "ServerHello: " + suite.ianaName() + ", extended_master_secret=" + extendedMasterSecret
                + (suite.cipher().isAead() ? "" : ", encrypt_then_mac=" + encryptThenMac));
        if (offered != null && sh.sessionId().length > 0 && Arrays.equals(sh.sessionId(), offered.sessionId())) {
            resumeSession();
            return;
        }
        if (config.requireExtendedMasterSecret() && !extendedMasterSecret) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "server did not negotiate extended_master_secret (RFC 7627), which is required");
        }
        sessionId = sh.sessionId();
        if (kx().usesCertificate()) {
            certificateTypes = CertificateTypeNegotiation.fromServerHello(config, sh.extensions());
        }
        expect = kx().usesCertificate() ? Expect.CERTIFICATE
                : kx().usesEcdhe() ? Expect.SERVER_KEY_EXCHANGE : Expect.SERVER_KEY_EXCHANGE_OR_DONE;
    }

    private byte[] sessionId = new byte[0];

    private void resumeSession() throws DtlsException {
        if (offered.cipherSuite() != suite) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "resumed session with a different cipher suite");
        }
        if (offered.extendedMasterSecret() != extendedMasterSecret) {
            // RFC 7627 §5.3: the client "MUST abort the handshake" on such a mismatch.
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "extended_master_secret differs from the resumed session");
        }
        resumed = true;
        sessionId = offered.sessionId();
        masterSecret = offered.masterSecret();
        serverChain = offered.peerCertificates();
        serverRawPublicKey = offered.peerRawPublicKey().orElse(null);
        logKey();
        hooks.trace(() -> "server resumes session " + offered);
        expect = ticketPromised ? Expect.NEW_SESSION_TICKET : Expect.CHANGE_CIPHER_SPEC;
    }

    private void onCertificate(Certificate c, HandshakeMessageBytes raw) throws DtlsException {
        if (c.isEmpty()) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "server sent an empty certificate chain");
        }
        serverChain = PeerCertificates.parse(c.certificates());
        PeerCertificates.checkServer(config, serverChain, kx());
        transcript.append(raw.transcriptBytes());
        hooks.trace(() -> "server certificate accepted: " + serverChain.get(0).getSubjectX500Principal().getName());
        expect = Expect.SERVER_KEY_EXCHANGE;
    }

    /** RFC 7250 §3: the server's Certificate carries its SubjectPublicKeyInfo; the key must be trusted. */
    private void onRawPublicKey(RawPublicKeyCertificate c, HandshakeMessageBytes raw) throws DtlsException {
        PublicKey key = RawPublicKeyChecks.parse(c.subjectPublicKeyInfo(), providers, "server");
        PeerCertificates.checkKeyType(key, kx());
        RawPublicKeyChecks.checkTrusted(config, key, hooks.peerAddress(), "server");
        serverRawPublicKey = key;
        transcript.append(raw.transcriptBytes());
        hooks.trace(() -> "server raw public key accepted: " + RawPublicKeyChecks.describe(key, providers));
        expect = Expect.SERVER_KEY_EXCHANGE;
    }

    @Override
    protected CertificateType peerCertificateType() {
        return certificateTypes == null ? CertificateType.X509 : certificateTypes.server();
    }

    private void onServerKeyExchange(ServerKeyExchange ske, HandshakeMessageBytes raw) throws DtlsException {
        if (ske instanceof ServerKeyExchange.Ecdhe) {
            ServerKeyExchange.Ecdhe e = (ServerKeyExchange.Ecdhe) ske;
            group = offer.offeredGroup(e.params().namedGroup());
            SignatureScheme scheme = offer.offeredScheme(e.signatureScheme());
            PublicKey key = serverRawPublicKey != null ? serverRawPublicKey : serverChain.get(0).getPublicKey();
            if (!scheme.supportsKey(key)
                    || !Signatures.verify(scheme, key, e.signatureInput(clientRandom, serverRandom), e.signature(), providers)) {
                throw new DtlsException(AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature does not verify (" + scheme + ")");
            }
        } else if (ske instanceof ServerKeyExchange.EcdhePsk) {
            group = offer.offeredGroup(((ServerKeyExchange.EcdhePsk) ske).params().namedGroup());
        }
        serverKeyExchange = ske;
        transcript.append(raw.transcriptBytes());
        expect = kx().usesCertificate() ? Expect.CERTIFICATE_REQUEST_OR_DONE : Expect.SERVER_HELLO_DONE;
    }

    /** Only reached with certificate suites: RFC 4279 §2 PSK handshakes have no CertificateRequest. */
    private void onCertificateRequest(CertificateRequest cr, HandshakeMessageBytes raw) {
        certificateRequest = cr;
        transcript.append(raw.transcriptBytes());
        expect = Expect.SERVER_HELLO_DONE;
    }

    private void onServerHelloDone(HandshakeMessage done, HandshakeMessageBytes raw) throws DtlsException {
        if (kx().usesEcdhe() && serverKeyExchange == null) {
            // RFC 8422 §5.4: "This message is sent when using the ECDHE_ECDSA, ECDHE_RSA ... algorithms."
            throw unexpected("ServerKeyExchange", done.type());
        }
        transcript.append(raw.transcriptBytes());
        List<OutgoingMessage> flight = new ArrayList<>();
        SignatureScheme verifyScheme = null;
        if (certificateRequest != null) {
            verifyScheme = clientSignatureScheme();
            flight.add(outgoing(0, clientCertificate(verifyScheme)));
        }
        byte[] premaster = keyExchange(flight);
        deriveMasterSecret(premaster);
        if (verifyScheme != null) {
            byte[] signed = transcript.bytes();
            try {
                byte[] sig = Signatures.sign(verifyScheme, config.signingKey(), signed, random, providers);
                flight.add(outgoing(0, new CertificateVerify(verifyScheme.code(), sig)));
            } catch (GeneralSecurityException e) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign CertificateVerify: " + e.getMessage(), e);
            }
        }
        flight.add(OutgoingMessage.changeCipherSpec(0));
        installWriteKeys(true);
        flight.add(outgoing(1, finished(CLIENT_FINISHED)));
        hooks.trace(() -> "Flight 5: " + flight.size() + " messages, keys installed for epoch 1");
        hooks.sendFlight(new Flight(flight), true);
        expect = ticketPromised ? Expect.NEW_SESSION_TICKET : Expect.CHANGE_CIPHER_SPEC;
    }

    /** RFC 5077 §3.2: the server's SessionTicket extension is empty, and answers ours. */
    private static boolean ticketPromised(ServerHello sh) throws DtlsException {
        Optional<Extension> e = sh.extensions().find(ExtensionType.SESSION_TICKET);
        if (e.isPresent() && e.get().data().length != 0) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "the ServerHello's SessionTicket extension is not empty");
        }
        return e.isPresent();
    }

    /**
     * RFC 5077 §3.3: the ticket for this session, kept for the next. An empty one means the server
     * decided against it: "it sends a zero-length ticket in the NewSessionTicket handshake message".
     */
    private void onNewSessionTicket(NewSessionTicket t, HandshakeMessageBytes raw) {
        transcript.append(raw.transcriptBytes());
        newTicket = t.ticket().length > 0 ? t : null;
        hooks.trace(() -> "NewSessionTicket: " + t);
        expect = Expect.CHANGE_CIPHER_SPEC;
    }

    /**
     * The scheme for our CertificateVerify if the server accepts one for the key of the agreed type;
     * null sends an empty Certificate (RFC 5246 §7.4.6), which only X.509 allows.
     */
    private SignatureScheme clientSignatureScheme() throws DtlsException {
        boolean raw = certificateTypes.client() == CertificateType.RAW_PUBLIC_KEY;
        PublicKey key = raw ? config.rawPublicKey()
                : config.certificateChain().isEmpty() ? null : config.certificateChain().get(0).getPublicKey();
        SignatureScheme scheme = key == null ? null
                : chooseScheme(config.signatureSchemes(), certificateRequest.signatureAlgorithms(), key);
        if (scheme == null && raw) {
            // RFC 7250 §3: a RawPublicKey Certificate holds one key; there is no empty one to send.
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "the server's CertificateRequest allows no"
                    + " signature scheme for our " + key.getAlgorithm() + " raw public key");
        }
        return scheme;
    }

    /** Our Certificate: the raw public key or the chain the ServerHello agreed on, or an empty chain. */
    private HandshakeMessage clientCertificate(SignatureScheme verifyScheme) throws DtlsException {
        if (certificateTypes.client() == CertificateType.RAW_PUBLIC_KEY) {
            return new RawPublicKeyCertificate(config.rawPublicKey().getEncoded());
        }
        List<byte[]> chain = new ArrayList<>();
        if (verifyScheme != null) {
            for (X509Certificate c : config.certificateChain()) {
                chain.add(encoded(c));
            }
        }
        return new Certificate(chain);
    }

    private byte[] keyExchange(List<OutgoingMessage> flight) throws DtlsException {
        byte[] identity = config.pskIdentity();
        switch (kx()) {
            case PSK:
                flight.add(outgoing(0, new ClientKeyExchange.Psk(identity)));
                return Premaster.psk(config.pskKey());
            case ECDHE_PSK: {
                EcdheKeyPair ours = EcdheKeyPair.generate(group, random, providers);
                byte[] z = agree(ours, ((ServerKeyExchange.EcdhePsk) serverKeyExchange).params().publicKey());
                flight.add(outgoing(0, new ClientKeyExchange.EcdhePsk(identity, ours.publicKey())));
                return Premaster.ecdhePsk(z, config.pskKey());
            }
            default: {
                EcdheKeyPair ours = EcdheKeyPair.generate(group, random, providers);
                byte[] z = agree(ours, ((ServerKeyExchange.Ecdhe) serverKeyExchange).params().publicKey());
                flight.add(outgoing(0, new ClientKeyExchange.Ecdhe(ours.publicKey())));
                return z;
            }
        }
    }

    @Override
    protected boolean expectsChangeCipherSpec() {
        return expect == Expect.CHANGE_CIPHER_SPEC;
    }

    /**
     * Only the abbreviated handshake's server flight (ServerHello, [ChangeCipherSpec], Finished) can
     * bring one early; in a full handshake flight 4 has none, so one there is unexpected_message.
     */
    @Override
    protected boolean changeCipherSpecMayBeEarly() {
        return expect == Expect.SERVER_HELLO && offered != null || expect == Expect.NEW_SESSION_TICKET;
    }

    @Override
    protected void acceptChangeCipherSpec() {
        installReadKeys(true);
        expect = Expect.FINISHED;
    }

    @Override
    protected String expectation() {
        return expect == Expect.CHANGE_CIPHER_SPEC ? "ChangeCipherSpec" : expect.toString();
    }

    private void onFinished(Finished f, HandshakeMessageBytes raw, int epoch) throws DtlsException {
        if (epoch == 0) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, "Finished in epoch 0");
        }
        verifyFinished(f, SERVER_FINISHED);
        transcript.append(raw.transcriptBytes());
        if (resumed) {
            List<OutgoingMessage> flight = new ArrayList<>();
            flight.add(OutgoingMessage.changeCipherSpec(0));
            installWriteKeys(true);
            flight.add(outgoing(1, finished(CLIENT_FINISHED)));
            hooks.sendFlight(new Flight(flight), false);
        }
        expect = Expect.DONE;
        DtlsSession session = new DtlsSession(sessionId, suite, masterSecret, extendedMasterSecret, serverChain,
                kx().usesPsk() ? config.pskIdentity() : null, config.serverName(), serverRawPublicKey);
        if (newTicket != null) {
            session = session.withTicket(newTicket.ticket(), newTicket.lifetimeHintSeconds(), randomBytes(32));
        } else if (resumed && offered.ticket().isPresent()) {
            session = session.withTicket(offered.ticket().get(), offered.ticketLifetimeHint(), offered.sessionId());
        }
        hooks.completed(new Negotiated("DTLSv1.2", suite, Optional.ofNullable(group), extendedMasterSecret, serverChain,
                kx().usesPsk() ? Optional.of(new String(config.pskIdentity(), java.nio.charset.StandardCharsets.UTF_8)) : Optional.empty(),
                Optional.ofNullable(alpn), Optional.ofNullable(config.serverName()), resumed, session, connectionIds,
                srtpProfile, exporter(), Optional.ofNullable(serverRawPublicKey), encryptThenMac));
    }

    @Override
    public Optional<String> pskIdentityInUse() {
        return suite != null && kx().usesPsk() && config.pskIdentity() != null
                ? Optional.of(new String(config.pskIdentity(), java.nio.charset.StandardCharsets.UTF_8))
                : Optional.empty();
    }
}
