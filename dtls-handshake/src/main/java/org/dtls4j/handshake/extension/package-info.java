/**
 * Hello extensions (RFC 5246 §7.4.1.4): the raw {@link org.dtls4j.handshake.extension.Extension}
 * and the ordered {@link org.dtls4j.handshake.extension.Extensions} block, plus one small typed
 * codec per extension we use. Each typed codec turns extension_data into a value with
 * {@code decode(byte[])} and back with {@code encode()}; {@code toExtension()} wraps it for a hello.
 */
package org.dtls4j.handshake.extension;
