package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsServer;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Bouncy Castle's DTLS 1.2 ({@link DTLSClientProtocol} / {@link DTLSServerProtocol} over a
 * {@link UDPTransport}) as a {@link DtlsPeer}, with BC's JCA crypto ({@link JcaTlsCryptoProvider})
 * backed by the BC provider (the JDK has no AES-CCM, which the CCM_8 suites need).
 *
 * <p>The server first runs BC's stateless cookie exchange ({@link DTLSVerifier}, RFC 6347
 * §4.2.1) on the unconnected socket; once a ClientHello carries a valid cookie it connects the
 * socket to that client and hands the verified request to {@code accept}. Everything is bounded
 * by the handshake timeout given to BC and by receive timeouts.
 */
public final class BcDtlsPeer implements DtlsPeer {

    /** Makes Bouncy Castle peers for the matrix. */
    public static final PeerFactory FACTORY = withConnectionId(null);

    /**
     * Makes Bouncy Castle peers that ask for {@code cid} in the connection_id extension (RFC 9146
     * §3; empty: "send me none"); {@code null} does not offer it.
     */
    public static PeerFactory withConnectionId(byte[] cid) {
        return new PeerFactory() {
            @Override
            public String name() {
                return "bc";
            }

            @Override
            public DtlsPeer server(InteropCase c) throws IOException {
                return new BcDtlsPeer(Role.SERVER, c, null, cid);
            }

            @Override
            public DtlsPeer client(InteropCase c, InetSocketAddress server) throws IOException {
                return new BcDtlsPeer(Role.CLIENT, c, server, cid);
            }
        };
    }

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    /**
     * Link MTU when the case sets none. BC's {@link UDPTransport} sends at most {@code mtu - 92}
     * bytes (it assumes up to 64 bytes of IP options) and receives up to {@code mtu - 28}; 1564
     * gives the 1472-byte datagrams of a plain 1500-byte Ethernet path, so a 1,400-byte
     * application datagram fits in one record.
     */
    private static final int DEFAULT_MTU = 1564;
    private static final int RESEND_MILLIS = 250;
    private static final int MAX_DATAGRAM = 65_535;

    private final Role role;
    private final InteropCase c;
    private final JcaTlsCrypto crypto;
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final InetSocketAddress local;
    private final byte[] cid;
    private volatile BcTls.TlsPeerWithSuite tls;
    private volatile DTLSTransport transport;
    private SocketAddress peer;
    private int cookieRounds;

    private BcDtlsPeer(Role role, InteropCase c, InetSocketAddress server, byte[] cid) throws IOException {
        this.role = role;
        this.cid = cid == null ? null : cid.clone();
        this.c = c;
        this.server = server;
        this.crypto = new JcaTlsCryptoProvider().setProvider(PROVIDER).create(new SecureRandom());
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public InetSocketAddress address() {
        return local; // kept: BC closes the socket when the association fails
    }

    @Override
    public void start(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        BcTls.Timing timing = new BcTls.Timing(deadline.remainingMillisAtLeastOne(), RESEND_MILLIS);
        int mtu = c.mtu() > 0 ? c.mtu() : DEFAULT_MTU;
        try {
            if (role == Role.CLIENT) {
                tls = BcTls.client(crypto, c, timing, cid);
                peer = server;
                socket.connect(server);
                transport = new DTLSClientProtocol().connect((TlsClient) tls, new UDPTransport(socket, mtu));
            } else {
                DTLSRequest request = awaitVerifiedClientHello(deadline, mtu);
                socket.connect(peer);
                tls = BcTls.server(crypto, c, new BcTls.Timing(deadline.remainingMillisAtLeastOne(), RESEND_MILLIS), cid);
                transport = new DTLSServerProtocol().accept((TlsServer) tls, new UDPTransport(socket, mtu), request);
            }
        } catch (IOException e) {
            throw new PeerException("bc " + role + ": handshake failed: " + e + "\n" + diagnostics(), e);
        }
    }

    /**
     * Answers ClientHellos without a valid cookie with a HelloVerifyRequest (no state kept) until
     * one arrives with a valid cookie, and returns it.
     */
    private DTLSRequest awaitVerifiedClientHello(Deadline deadline, int mtu) throws IOException {
        DTLSVerifier verifier = new DTLSVerifier(crypto);
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!deadline.expired()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout(deadline.remainingMillisAtLeastOne());
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            SocketAddress from = p.getSocketAddress();
            byte[] clientId = from.toString().getBytes(StandardCharsets.UTF_8);
            DTLSRequest request = verifier.verifyRequest(clientId, buf, 0, p.getLength(), new DatagramSender() {
                @Override
                public int getSendLimit() {
                    return mtu - 28;
                }

                @Override
                public void send(byte[] b, int off, int len) throws IOException {
                    socket.send(new DatagramPacket(b, off, len, from));
                }
            });
            cookieRounds++;
            if (request != null) {
                peer = from;
                return request;
            }
        }
        throw new PeerException("bc SERVER: no ClientHello with a valid cookie before the deadline\n" + diagnostics());
    }

    @Override
    public String cipherSuite() {
        if (tls == null || tls.negotiatedSuite() < 0) {
            return "(none)";
        }
        int code = tls.negotiatedSuite();
        return Suite.fromCode(code).map(Enum::name).orElse(String.format("0x%04X", code));
    }

    /**
     * BC's security parameters once the handshake completed, {@code null} before. Its Connection
     * IDs (both null without the extension) are named the other way round from what one expects:
     * {@code getConnectionIDPeer()} is the CID from BC's own hello, the one it receives and
     * decrypts with; {@code getConnectionIDLocal()} is the peer's, which BC puts into the records
     * it sends ({@code TlsAEADCipher}'s decrypt and encrypt connection IDs).
     */
    public SecurityParameters securityParameters() {
        BcTls.TlsPeerWithSuite t = tls;
        return t == null ? null : t.established();
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        transport.send(datagram, 0, datagram.length);
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        byte[] buf = new byte[Math.max(transport.getReceiveLimit(), 1)];
        while (!deadline.expired()) {
            int n = transport.receive(buf, 0, buf.length, deadline.remainingMillisAtLeastOne());
            if (n >= 0) {
                return Arrays.copyOf(buf, n);
            }
        }
        throw new PeerException("bc " + role + ": no application data within " + timeout + "\n" + diagnostics());
    }

    @Override
    public String diagnostics() {
        return "---- bc " + role + " on " + address() + " (peer " + peer + ")\n"
                + "  handshake " + (transport != null ? "complete" : "not complete") + ", suite " + cipherSuite()
                + (role == Role.SERVER ? ", ClientHellos seen by the cookie check " + cookieRounds : "") + "\n";
    }

    /** Sends close_notify if connected, then closes the socket (which also ends a blocked handshake). */
    @Override
    public void close() {
        try {
            DTLSTransport t = transport;
            if (t != null) {
                t.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the peer may be gone already.
        } finally {
            socket.close();
        }
    }
}
