package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DTLS-SRTP (RFC 5764) and RFC 5705 exports against Bouncy Castle's DTLS 1.2 (bctls: {@link UseSRTPData},
 * {@link TlsSRTPUtils}, {@link TlsContext#exportKeyingMaterial}), in both roles, over loopback UDP
 * with a PSK suite. Unlike OpenSSL's command line, BC exports with a context too, so the context
 * encoding of RFC 5705 §4 (and "no context" versus "empty context") is checked against it here.
 */
@Timeout(60)
class Dtls4jBcSrtpTest {
    private static final Suite SUITE = Suite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] CONTEXT = "dtls4j context".getBytes(StandardCharsets.US_ASCII);
    private static final InteropCase CASE = InteropCase.of(Dtls4jPeer.DTLS4J, Dtls4jPeer.DTLS4J, SUITE);

    private static JcaTlsCrypto crypto() {
        return new JcaTlsCryptoProvider().create(new SecureRandom());
    }

    /** What BC computed once its handshake completed. */
    private record BcResult(int profile, byte[] srtp, byte[] none, byte[] empty, byte[] context) { }

    private static BcResult exports(TlsContext ctx, int profile, int srtpLength) {
        return new BcResult(profile, ctx.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, srtpLength),
                ctx.exportKeyingMaterial("EXPORTER-dtls4j", null, 40),
                ctx.exportKeyingMaterial("EXPORTER-dtls4j", new byte[0], 40),
                ctx.exportKeyingMaterial("EXPORTER-dtls4j", CONTEXT, 40));
    }

    private static void assertSame(BcResult bc, DtlsConnection conn, SrtpProfile expected) {
        assertEquals(expected, conn.negotiated().srtpProfile().orElseThrow());
        assertEquals(expected.code(), bc.profile());
        assertTrue(conn.negotiated().extendedMasterSecret());
        assertArrayEquals(bc.srtp(), conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, expected.exportLength()));
        assertArrayEquals(bc.none(), conn.exportKeyingMaterial("EXPORTER-dtls4j", null, 40));
        assertArrayEquals(bc.empty(), conn.exportKeyingMaterial("EXPORTER-dtls4j", new byte[0], 40));
        assertArrayEquals(bc.context(), conn.exportKeyingMaterial("EXPORTER-dtls4j", CONTEXT, 40));
    }

    @Test
    void dtls4jClientToBouncyCastleServer() throws Exception {
        SrtpProfile chosen = SrtpProfile.SRTP_AEAD_AES_256_GCM;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            BcServer server = new BcServer(crypto(), chosen);
            CompletableFuture<BcResult> bc = CompletableFuture.supplyAsync(() -> {
                try {
                    new DTLSServerProtocol().accept(server, new LearningTransport(socket));
                    return server.result;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DtlsConfig config = Dtls4jConfigs.forCase(CASE, DtlsPeer.Role.CLIENT, null).toBuilder()
                    .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, chosen).build();
            try (DtlsConnection conn = DtlsClient.connect((InetSocketAddress) socket.getLocalSocketAddress(), config, WAIT)) {
                assertSame(bc.get(WAIT.toSeconds(), TimeUnit.SECONDS), conn, chosen);
            }
        }
    }

    @Test
    void bouncyCastleClientToDtls4jServer() throws Exception {
        DtlsConfig config = Dtls4jConfigs.forCase(CASE, DtlsPeer.Role.SERVER, null).toBuilder()
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults());
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.connect(server.localAddress());
            BcClient client = new BcClient(crypto(), new int[] {SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80.code(),
                SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32.code()});
            CompletableFuture<BcResult> bc = CompletableFuture.supplyAsync(() -> {
                try {
                    new DTLSClientProtocol().connect(client, new UDPTransport(socket, 1400));
                    return client.result;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DtlsConnection conn = server.accept(WAIT);
            assertNotNull(conn, "no connection");
            // The server's preference: _32 first, though BC listed _80 first.
            assertSame(bc.get(WAIT.toSeconds(), TimeUnit.SECONDS), conn, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32);
            conn.close();
        }
    }

    private static final class BcClient extends PSKTlsClient {
        private final int[] profiles;
        private volatile int selected = -1;
        volatile BcResult result;

        BcClient(JcaTlsCrypto crypto, int[] profiles) {
            super(crypto, InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8), CASE.pskKey());
            this.profiles = profiles;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return (int) WAIT.toMillis(); // bounded: a failed test leaves no handshake waiting
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {SUITE.code()};
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profiles, new byte[0]));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            selected = d == null ? -1 : d.getProtectionProfiles()[0];
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            result = exports(context, selected, SrtpProfile.fromCode(selected).orElseThrow().exportLength());
        }
    }

    private static final class BcServer extends PSKTlsServer {
        private final SrtpProfile only;
        private volatile boolean offered;
        volatile BcResult result;

        BcServer(JcaTlsCrypto crypto, SrtpProfile only) {
            super(crypto, new TlsPSKIdentityManager() {
                @Override
                public byte[] getHint() {
                    return null;
                }

                @Override
                public byte[] getPSK(byte[] identity) {
                    return InteropCase.PSK_IDENTITY.equals(new String(identity, StandardCharsets.UTF_8)) ? CASE.pskKey() : null;
                }
            });
            this.only = only;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return (int) WAIT.toMillis(); // bounded: a failed test leaves no handshake waiting
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {SUITE.code()};
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            offered = d != null && java.util.Arrays.stream(d.getProtectionProfiles()).anyMatch(p -> p == only.code());
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            if (offered) {
                TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {only.code()}, new byte[0]));
            }
            return ext;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            result = exports(context, offered ? only.code() : -1, only.exportLength());
        }
    }

    /** A server-side transport on an unconnected socket: it answers whoever sent the last datagram. */
    private static final class LearningTransport implements DatagramTransport {
        private final DatagramSocket socket;
        private volatile SocketAddress peer;

        LearningTransport(DatagramSocket socket) {
            this.socket = socket;
        }

        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1400;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, waitMillis));
            DatagramPacket p = new DatagramPacket(buf, off, len);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return -1;
            }
            peer = p.getSocketAddress();
            return p.getLength();
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (peer != null) {
                socket.send(new DatagramPacket(buf, off, len, peer));
            }
        }

        @Override
        public void close() {
            // the test closes the socket
        }
    }
}
