/*
 * OpenSSL's stateless cookie exchange (RFC 6347 §4.2.1) as a server loop: DTLSv1_listen on one
 * UDP socket bound to 127.0.0.1, the reference the cookie flood measures dtls4j against.
 *
 *   usage: dtls_listen_server PORT LIFETIME_SECONDS      (PORT 0 picks a free one)
 *
 * It prints "LISTENING <port>" once the socket is bound, then answers every ClientHello without
 * a valid cookie with a HelloVerifyRequest. The cookie is HMAC-SHA256(secret, peer address ||
 * port), 32 bytes, under a random secret drawn at start; the keyed HMAC context is made once and
 * re-initialised per cookie, the cheapest way OpenSSL 3 offers. A ClientHello whose cookie
 * verifies ends one DTLSv1_listen call; a real server would go on with SSL_accept, this one
 * counts it and listens again. No certificate is loaded: DTLSv1_listen never reaches it.
 *
 * It stops when its standard input reaches end of file (checked whenever the socket has been
 * quiet for 100 ms), or after LIFETIME_SECONDS in any case (SIGALRM), and prints its counters:
 * "HELLO_VERIFY_REQUESTS n", "COOKIES_ACCEPTED n", "COOKIES_REJECTED n".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#define COOKIE_LENGTH 32

static EVP_MAC_CTX *hmac;             /* keyed with the secret once; re-initialised per cookie */
static BIO_ADDR *peer;                /* scratch space for the sender's address */
static unsigned long hello_verify_requests;
static unsigned long cookies_accepted;
static unsigned long cookies_rejected;

/* HMAC-SHA256(secret, address || port) of the datagram's sender, as the read BIO saw it. */
static int cookie_of_peer(SSL *ssl, unsigned char *out)
{
    unsigned char address[16];
    size_t address_length = sizeof(address);
    unsigned short port;
    size_t out_length = 0;

    if (BIO_dgram_get_peer(SSL_get_rbio(ssl), peer) <= 0
            || !BIO_ADDR_rawaddress(peer, address, &address_length)) {
        return 0;
    }
    port = BIO_ADDR_rawport(peer); /* network byte order */
    if (!EVP_MAC_init(hmac, NULL, 0, NULL)
            || !EVP_MAC_update(hmac, address, address_length)
            || !EVP_MAC_update(hmac, (const unsigned char *) &port, sizeof(port))
            || !EVP_MAC_final(hmac, out, &out_length, COOKIE_LENGTH)) {
        return 0;
    }
    return out_length == COOKIE_LENGTH;
}

static int generate_cookie(SSL *ssl, unsigned char *cookie, unsigned int *cookie_length)
{
    if (!cookie_of_peer(ssl, cookie)) {
        return 0;
    }
    *cookie_length = COOKIE_LENGTH;
    hello_verify_requests++;
    return 1;
}

static int verify_cookie(SSL *ssl, const unsigned char *cookie, unsigned int cookie_length)
{
    unsigned char expected[COOKIE_LENGTH];

    if (cookie_length == COOKIE_LENGTH && cookie_of_peer(ssl, expected)
            && CRYPTO_memcmp(cookie, expected, COOKIE_LENGTH) == 0) {
        cookies_accepted++;
        return 1;
    }
    cookies_rejected++;
    return 0;
}

static int keyed_hmac(void)
{
    unsigned char secret[32];
    char digest[] = "SHA256";
    OSSL_PARAM params[2];
    EVP_MAC *mac;

    if (RAND_bytes(secret, sizeof(secret)) != 1 || (mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL) {
        return 0;
    }
    hmac = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    return hmac != NULL && EVP_MAC_init(hmac, secret, sizeof(secret), params);
}

/* Whether standard input has reached end of file; never blocks. */
static int input_closed(void)
{
    struct pollfd in = { .fd = STDIN_FILENO, .events = POLLIN };
    char discard[64];

    if (poll(&in, 1, 0) <= 0) {
        return 0;
    }
    return read(STDIN_FILENO, discard, sizeof(discard)) <= 0;
}

static SSL *listener(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);
    BIO *bio = BIO_new_dgram(fd, BIO_NOCLOSE);

    if (ssl == NULL || bio == NULL) {
        return NULL;
    }
    SSL_set_bio(ssl, bio, bio);
    return ssl;
}

int main(int argc, char **argv)
{
    struct sockaddr_in local;
    socklen_t local_length = sizeof(local);
    struct timeval quiet = { .tv_sec = 0, .tv_usec = 100000 };
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;

    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT LIFETIME_SECONDS\n", argv[0]);
        return 2;
    }
    alarm((unsigned) atoi(argv[2]));

    memset(&local, 0, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_port = htons((unsigned short) atoi(argv[1]));
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *) &local, sizeof(local)) != 0
            || getsockname(fd, (struct sockaddr *) &local, &local_length) != 0
            || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &quiet, sizeof(quiet)) != 0) {
        perror("socket");
        return 1;
    }

    ctx = SSL_CTX_new(DTLS_server_method());
    peer = BIO_ADDR_new();
    if (ctx == NULL || peer == NULL || !keyed_hmac()
            || !SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION)) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_cookie_generate_cb(ctx, generate_cookie);
    SSL_CTX_set_cookie_verify_cb(ctx, verify_cookie);
    if ((ssl = listener(ctx, fd)) == NULL) {
        ERR_print_errors_fp(stderr);
        return 1;
    }

    printf("LISTENING %d\n", ntohs(local.sin_port));
    fflush(stdout);

    for (;;) {
        /* Loops inside over every datagram; returns 0 once the socket was quiet for 100 ms. */
        int r = DTLSv1_listen(ssl, peer);
        if (r > 0) {
            SSL_free(ssl); /* a real server would SSL_accept here; this one starts afresh */
            if ((ssl = listener(ctx, fd)) == NULL) {
                ERR_print_errors_fp(stderr);
                return 1;
            }
        } else {
            ERR_clear_error();
            if (input_closed()) {
                break;
            }
        }
    }

    printf("HELLO_VERIFY_REQUESTS %lu\nCOOKIES_ACCEPTED %lu\nCOOKIES_REJECTED %lu\n",
           hello_verify_requests, cookies_accepted, cookies_rejected);
    fflush(stdout);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    EVP_MAC_CTX_free(hmac);
    BIO_ADDR_free(peer);
    close(fd);
    return 0;
}
