package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which Initials the gate answers itself: a new connection's first one, while the server refuses
 * new connections (with or without the fixed bit); never one sent to an id a connection of the
 * server holds. (Which ids a connection holds, and for how long, is tested with real connections
 * in ConnectionTrackingTest.)
 */
class NewConnectionGateTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50_000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 4433);
    private static final byte[] CLIENT_ID = {9, 9, 9, 9, 9, 9, 9, 9};

    private final ConnectionTracker tracker = new ConnectionTracker(100, 10, 10, 10, 5, Duration.ofSeconds(10));
    private final NewConnectionGate gate = new NewConnectionGate(tracker);
    private final EmbeddedChannel channel = new EmbeddedChannel(gate);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void whileTheServerRefusesANewConnectionsFirstInitialIsAnsweredWithASmallInitialAndGoesNoFurther() {
        tracker.stopAccepting();
        byte[] chosen = {1, 2, 3, 4, 5, 6, 7, 8};

        channel.writeInbound(initial(chosen));

        assertThat((Object) channel.readInbound()).as("passed on to the codec").isNull();
        DatagramPacket answer = channel.readOutbound();
        try {
            assertThat(answer.recipient()).isEqualTo(CLIENT);
            ByteBuffer packet = answer.content().nioBuffer();
            assertThat(packet.remaining()).isLessThan(300);
            assertThat(packet.get(0) & 0xf0).as("a long-header Initial (low bits protected)").isEqualTo(0xc0);
            assertThat(packet.getInt(1)).as("QUIC v1").isEqualTo(1);
            assertThat(packet.get(5)).as("to the client's own id").isEqualTo((byte) CLIENT_ID.length);
            assertThat(slice(packet, 6, CLIENT_ID.length)).isEqualTo(CLIENT_ID);
            assertThat(packet.get(6 + CLIENT_ID.length)).as("from the id the client chose").isEqualTo((byte) chosen.length);
            assertThat(slice(packet, 7 + CLIENT_ID.length, chosen.length)).isEqualTo(chosen);
        } finally {
            answer.release();
        }
        assertThat(gate.refused()).isEqualTo(1);
    }

    @Test
    void anInitialWithoutTheFixedBitIsAnInitialStill() {
        tracker.stopAccepting();
        byte[] datagram = initialBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        datagram[0] &= (byte) ~0x40;

        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), SERVER, CLIENT));

        assertThat((Object) channel.readInbound()).as("passed on to the codec, which would take it").isNull();
        DatagramPacket refusal = channel.readOutbound();
        assertThat(refusal).isNotNull();
        refusal.release();
    }

    @Test
    void whileTheServerAcceptsEveryNewInitialPassesAndNothingIsKeptForIt() {
        for (int i = 0; i < 2_000; i++) {
            channel.writeInbound(initial(chosen(i)));
            assertForwarded();
        }
        assertThat(gate.refused()).isZero();

        tracker.stopAccepting();
        channel.writeInbound(initial(chosen(0))); // no connection was made of it (no codec here): new, refused
        assertThat((Object) channel.readInbound()).isNull();
        DatagramPacket refusal = channel.readOutbound();
        assertThat(refusal).isNotNull();
        refusal.release();
    }

    @Test
    void datagramsThatDoNotStartWithAVersionOneInitialPassUntouched() {
        tracker.stopAccepting();
        byte[] shortHeader = new byte[1200];
        shortHeader[0] = 0x40;
        byte[] otherVersion = initialBytes(CLIENT_ID);
        otherVersion[4] = 2;
        byte[] handshake = initialBytes(CLIENT_ID);
        handshake[0] = (byte) 0xe0;
        byte[] cutShort = {(byte) 0xc0, 0, 0, 0, 1, 20, 1, 2};

        for (byte[] datagram : new byte[][] {shortHeader, otherVersion, handshake, cutShort}) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), SERVER, CLIENT));
            assertForwarded();
        }
        assertThat(gate.refused()).isZero();
    }

    private void assertForwarded() {
        DatagramPacket forwarded = channel.readInbound();
        assertThat(forwarded).as("passed on to the codec").isNotNull();
        forwarded.release();
    }

    private static byte[] chosen(int i) {
        return ByteBuffer.allocate(8).putInt(0x7f000000).putInt(i).array();
    }

    private static DatagramPacket initial(byte[] destinationId) {
        return new DatagramPacket(Unpooled.wrappedBuffer(initialBytes(destinationId)), SERVER, CLIENT);
    }

    /** A client's Initial as far as the gate reads it, padded to 1 200 bytes: header, ids, no token. */
    private static byte[] initialBytes(byte[] destinationId) {
        ByteBuffer datagram = ByteBuffer.allocate(1200);
        datagram.put((byte) 0xc3).putInt(1);
        datagram.put((byte) destinationId.length).put(destinationId);
        datagram.put((byte) CLIENT_ID.length).put(CLIENT_ID);
        datagram.put((byte) 0);
        return datagram.array();
    }

    private static byte[] slice(ByteBuffer packet, int from, int length) {
        byte[] bytes = new byte[length];
        packet.duplicate().position(from).get(bytes);
        return bytes;
    }
}
