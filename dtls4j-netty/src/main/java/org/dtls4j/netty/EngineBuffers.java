package org.dtls4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.record.RecordHeader;

/**
 * Moves bytes between an engine and Netty's {@link ByteBuf}s, through the engine's caller-owned
 * buffer calls: the engine copies each datagram it sends, and each application datagram it
 * received, straight into a buffer from the channel's allocator, and its own arrays stay for the
 * next one. Every buffer made here is either handed on (written, or passed up the pipeline, which
 * then owns it) or released here.
 */
final class EngineBuffers {
    private EngineBuffers() {
    }

    /**
     * Writes every datagram the engine has queued, without flushing: to {@code recipient} as a
     * {@link DatagramPacket}, or as a bare {@link ByteBuf} on a connected channel when it is null.
     * The last datagram carries {@code promise}, the others none; with nothing queued the promise
     * succeeds at once.
     *
     * @return the bytes written
     */
    static long writeDatagrams(ChannelHandlerContext ctx, DtlsEngine engine, int datagramSize,
                               InetSocketAddress recipient, ChannelPromise promise) {
        long bytes = 0;
        ByteBuf held = null;
        for (ByteBuf next; (next = poll(ctx.alloc(), engine, datagramSize)) != null; held = next) {
            if (held != null) {
                ctx.write(message(held, recipient), ctx.voidPromise());
            }
            bytes += next.readableBytes();
        }
        if (held != null) {
            ctx.write(message(held, recipient), promise);
        } else {
            promise.trySuccess();
        }
        return bytes;
    }

    private static Object message(ByteBuf datagram, InetSocketAddress recipient) {
        return recipient == null ? datagram : new DatagramPacket(datagram, recipient);
    }

    /** The engine's next datagram to send in a new buffer of {@code datagramSize} bytes, or null. */
    private static ByteBuf poll(ByteBufAllocator alloc, DtlsEngine engine, int datagramSize) {
        ByteBuf out = alloc.ioBuffer(datagramSize);
        try {
            int n;
            try {
                n = engine.pollDatagram(out.internalNioBuffer(0, out.capacity()));
            } catch (BufferOverflowException e) {
                // the engine's datagram size was raised (setMaxDatagramSize): the largest record fits
                out.release();
                out = alloc.ioBuffer(RecordHeader.MAX_RECORD_LENGTH);
                n = engine.pollDatagram(out.internalNioBuffer(0, out.capacity()));
            }
            if (n < 0) {
                out.release();
                return null;
            }
            out.writerIndex(n);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Hands every received application datagram to {@code sink} as a {@link DatagramPacket} from
     * {@code sender} to {@code recipient}; the sink owns it (passes it up the pipeline).
     *
     * @return how many
     */
    static int deliverApplicationData(ByteBufAllocator alloc, DtlsEngine engine, InetSocketAddress recipient,
                                      InetSocketAddress sender, Consumer<DatagramPacket> sink) {
        int count = 0;
        for (ByteBuf data; (data = pollApplicationData(alloc, engine)) != null; count++) {
            sink.accept(new DatagramPacket(data, recipient, sender));
        }
        return count;
    }

    private static ByteBuf pollApplicationData(ByteBufAllocator alloc, DtlsEngine engine) {
        ByteBuf in = alloc.buffer(engine.maxApplicationDataSize());
        try {
            int n;
            try {
                n = engine.pollApplicationData(in.internalNioBuffer(0, in.capacity()));
            } catch (BufferOverflowException e) {
                // the peer's datagrams may be larger than ours; no record holds more than 2^14 bytes
                in.release();
                in = alloc.buffer(RecordHeader.MAX_PLAINTEXT_LENGTH);
                n = engine.pollApplicationData(in.internalNioBuffer(0, in.capacity()));
            }
            if (n < 0) {
                in.release();
                return null;
            }
            in.writerIndex(n);
            return in;
        } catch (RuntimeException e) {
            in.release();
            throw e;
        }
    }

    /**
     * Protects the readable bytes of {@code data} as one record: a heap buffer is read in place, a
     * direct one copied once by the engine. Does not release {@code data}.
     */
    static void send(DtlsEngine engine, ByteBuf data) {
        ByteBuffer nio = data.nioBufferCount() == 1
                ? data.nioBuffer()
                : ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(data));
        engine.send(nio);
    }
}
