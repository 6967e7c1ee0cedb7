/**
 * Checks that signature verification makes before the JCA provider sees the input: the curve an
 * ECDSA scheme is bound to (RFC 8446 §4.2.3) and the one DER encoding of an ECDSA signature
 * (RFC 3279 §2.2.3). Not exported.
 */
package org.dtls4j.crypto.sig;
