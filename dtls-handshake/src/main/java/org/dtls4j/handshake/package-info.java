/** The public face of the handshake: configuration, the engine and its errors. */
package org.dtls4j.handshake;
