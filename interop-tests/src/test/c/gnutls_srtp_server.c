/*
 * A one-connection DTLS 1.2 server on libgnutls that prints what gnutls-serv --udp does not: the
 * negotiated SRTP profile (RFC 5764 section 4.1.2) and the RFC 5705 exporter output for the label
 * "EXTRACTOR-dtls_srtp". Used by Dtls4jGnuTlsSrtpTest with a dtls4j client.
 *
 *   gnutls_srtp_server PORT CERT.pem KEY.pem
 *
 * PORT 0 binds an ephemeral port. Output on stdout, one line each, flushed:
 *   LISTENING <port>
 *   PROFILE <name>            e.g. PROFILE SRTP_AES128_CM_HMAC_SHA1_80
 *   KEYS <60 bytes, upper-case hex>
 *   ECHOED <n>
 * Errors go to stderr with a non-zero exit. The server answers the first ClientHello with a
 * HelloVerifyRequest (gnutls_dtls_cookie_send) and handshakes only once the cookie verifies
 * (RFC 6347 section 4.2.1). Every blocking step is bounded by TIMEOUT_MS.
 * Build: gcc -O1 -o gnutls_srtp_server gnutls_srtp_server.c $(pkg-config --cflags --libs gnutls)
 */
#include <arpa/inet.h>
#include <gnutls/dtls.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TIMEOUT_MS 5000
#define LABEL "EXTRACTOR-dtls_srtp"
#define KEYS_LEN 60

static void die(const char *what, int err) {
    fprintf(stderr, "%s: %s\n", what, err < 0 ? gnutls_strerror(err) : "failed");
    exit(1);
}

/* Waits until the socket has a datagram; exits after TIMEOUT_MS. */
static void wait_readable(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, TIMEOUT_MS);
    if (n <= 0) die("poll: no datagram in time", 0);
}

/* Transport for gnutls_dtls_cookie_send: the HelloVerifyRequest goes to the unconnected peer. */
struct peer { int fd; struct sockaddr_in addr; };

static ssize_t push_to(gnutls_transport_ptr_t p, const void *data, size_t len) {
    struct peer *peer = p;
    return sendto(peer->fd, data, len, 0, (struct sockaddr *) &peer->addr, sizeof peer->addr);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT CERT.pem KEY.pem\n", argv[0]);
        return 2;
    }
    int ret;
    if ((ret = gnutls_global_init()) < 0) die("gnutls_global_init", ret);

    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    ret = gnutls_certificate_set_x509_key_file(cred, argv[2], argv[3], GNUTLS_X509_FMT_PEM);
    if (ret < 0) die("certificate/key", ret);

    /* Cookie secret: random per run, only this process checks the cookies. */
    gnutls_datum_t cookie_key;
    if ((ret = gnutls_key_generate(&cookie_key, GNUTLS_COOKIE_KEY_SIZE)) < 0) die("cookie key", ret);

    /* UDP on 127.0.0.1 only. */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1]))};
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *) &local, sizeof local) < 0) die("bind 127.0.0.1", 0);
    socklen_t len = sizeof local;
    getsockname(fd, (struct sockaddr *) &local, &len);
    printf("LISTENING %u\n", ntohs(local.sin_port));
    fflush(stdout);

    /* Stateless cookie exchange: peek at each ClientHello; without a valid cookie answer with a
     * HelloVerifyRequest and drop it, with one keep it queued for the handshake. */
    struct peer peer = {.fd = fd};
    gnutls_dtls_prestate_st prestate;
    unsigned char buf[2048];
    for (;;) {
        wait_readable(fd);
        socklen_t alen = sizeof peer.addr;
        ssize_t n = recvfrom(fd, buf, sizeof buf, MSG_PEEK, (struct sockaddr *) &peer.addr, &alen);
        if (n < 0) die("recvfrom", 0);
        memset(&prestate, 0, sizeof prestate);
        ret = gnutls_dtls_cookie_verify(&cookie_key, &peer.addr, sizeof peer.addr, buf, (size_t) n, &prestate);
        if (ret >= 0) break;
        gnutls_dtls_cookie_send(&cookie_key, &peer.addr, sizeof peer.addr, &prestate, &peer, push_to);
        recv(fd, buf, sizeof buf, 0); /* discard the cookie-less ClientHello */
    }
    /* One client from now on: connect() so gnutls's default send/recv/poll work on the fd. */
    if (connect(fd, (struct sockaddr *) &peer.addr, sizeof peer.addr) < 0) die("connect", 0);

    gnutls_session_t session;
    gnutls_init(&session, GNUTLS_SERVER | GNUTLS_DATAGRAM);
    if ((ret = gnutls_priority_set_direct(session, "NORMAL:-VERS-ALL:+VERS-DTLS1.2", NULL)) < 0) die("priority", ret);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_certificate_server_set_request(session, GNUTLS_CERT_IGNORE);
    /* use_srtp: offer only this profile; the handshake fails if the client has none in common. */
    ret = gnutls_srtp_set_profile_direct(session, "SRTP_AES128_CM_HMAC_SHA1_80", NULL);
    if (ret < 0) die("gnutls_srtp_set_profile_direct", ret);
    gnutls_transport_set_int(session, fd);
    gnutls_dtls_prestate_set(session, &prestate); /* message sequence continues after the HVR */
    gnutls_dtls_set_mtu(session, 1400);
    gnutls_handshake_set_timeout(session, TIMEOUT_MS);
    gnutls_record_set_timeout(session, TIMEOUT_MS);

    do {
        ret = gnutls_handshake(session);
    } while (ret < 0 && gnutls_error_is_fatal(ret) == 0);
    if (ret < 0) die("handshake", ret);

    gnutls_srtp_profile_t profile;
    if ((ret = gnutls_srtp_get_selected_profile(session, &profile)) < 0) die("no SRTP profile selected", ret);
    printf("PROFILE %s\n", gnutls_srtp_get_profile_name(profile));

    /* RFC 5764 section 4.2: exporter with no context, 2 * (key + salt) bytes for this profile. */
    unsigned char keys[KEYS_LEN];
    ret = gnutls_prf_rfc5705(session, strlen(LABEL), LABEL, 0, NULL, KEYS_LEN, (char *) keys);
    if (ret < 0) die("gnutls_prf_rfc5705", ret);
    printf("KEYS ");
    for (int i = 0; i < KEYS_LEN; i++) printf("%02X", keys[i]);
    printf("\n");
    fflush(stdout);

    /* Echo one application datagram (gnutls_record_recv is bounded by the record timeout). */
    do {
        ret = (int) gnutls_record_recv(session, buf, sizeof buf);
    } while (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED);
    if (ret < 0) die("gnutls_record_recv", ret);
    int got = ret;
    if ((ret = (int) gnutls_record_send(session, buf, (size_t) got)) < 0) die("gnutls_record_send", ret);
    printf("ECHOED %d\n", got);
    fflush(stdout);

    gnutls_bye(session, GNUTLS_SHUT_WR); /* close_notify; no wait for the peer's */
    gnutls_deinit(session);
    close(fd);
    gnutls_free(cookie_key.data);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return 0;
}
