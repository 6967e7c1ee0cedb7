/**
 * The cryptography of DTLS 1.2 (RFC 6347), all of it obtained from the Java Cryptography
 * Architecture through {@link org.dtls4j.crypto.JcaProviders}.
 *
 * <pre>
 *   handshake                                            record layer
 *   ---------                                            ------------
 *   EcdheKeyPair.generate / agree  -> premaster secret
 *   Signatures.sign / verify       (ServerKeyExchange, CertificateVerify)
 *   Prf.masterSecret / extendedMasterSecret
 *   Prf.keyBlock  -> KeyBlock  -------------------------> AeadCiphers.create(cipher, writeKey)
 *   Prf.verifyData (Finished)                              AeadCipher.seal / open per record
 * </pre>
 *
 * <p>Suites are rows of {@link org.dtls4j.crypto.CipherSuite}; nothing here knows about records
 * or messages. Implementations live in internal packages: {@code aead} (record ciphers),
 * {@code kx} (public key encodings for ECDHE), {@code sig} (ECDSA curve and encoding checks).
 */
package org.dtls4j.crypto;
