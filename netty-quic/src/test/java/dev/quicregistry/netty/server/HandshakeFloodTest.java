package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import dev.quicregistry.testing.UdpRelay;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of Initial packets from 200 source ports that never complete a handshake (raw UDP on
 * loopback): the server holds at most {@code max-handshakes} of them, a real client still gets
 * through, and every half-open handshake is gone once its idle timeout passed. With Retry, the
 * flood creates no handshake state at all.
 */
class HandshakeFloodTest {

    private static final int SOURCE_PORTS = 200;
    private static final int MAX_HANDSHAKES = 16;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static final int INITIAL_DATAGRAM = 1200;

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private NettyQuicServer server;
    private final List<DatagramSocket> flooders = new ArrayList<>();

    @BeforeEach
    void certificates() throws Exception {
        certificates = TestCertificates.writeTo(dir);
    }

    @AfterEach
    void tearDown() {
        flooders.forEach(DatagramSocket::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRealClientEightyMillisecondsAwayConnectsThreeTimesInARowThroughAFloodOfClientHellosWhoseAnswersAreDropped()
            throws Exception {
        // As an attacker with spoofed sources: 200 valid ClientHellos a second, the answers never reach it.
        // every source is 127.0.0.1 here: the share of one address is lifted (HandshakeTableTest checks it)
        server = TestServers.echo(certificates).maxHandshakes(16).maxHandshakesPerAddress(16).idleTimeout(IDLE_TIMEOUT).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        try (UdpRelay blackHole = UdpRelay.droppingAnswers(server.boundPort());
             ClientHelloFlood flood = ClientHelloFlood.start(blackHole.port(), 200, TestServers.ALPN);
             UdpRelay far = UdpRelay.start(server.boundPort(), Duration.ofMillis(40))) {
            // Below a quarter of max-handshakes (4) Initials are taken without a token; from there on they get a Retry.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.handshakesInProgress() >= 4);

            for (int i = 0; i < 3; i++) {
                try (QuicTestClient client = QuicTestClient.connect(far.port(), TestServers.ALPN, certificates.trusted())) {
                    assertThat(client.exchange("through the flood " + i)).isEqualTo("through the flood " + i);
                }
            }

            assertThat(flood.attempts()).as("the flood ran throughout").isGreaterThan(100);
            assertThat(server.mostHandshakesInProgress()).as("handshakes under way at once, at most").isLessThanOrEqualTo(16);
            assertThat(server.retryTokensAcceptedAndRefused()[0]).as("the real client's tokens, one per connection").isEqualTo(3);
        }
    }

    @Test
    void aRetryTokenReplayedAThousandTimesFromItsOwnAddressIsAcceptedOnce() throws Exception {
        server = TestServers.echo(certificates).retry(true).idleTimeout(IDLE_TIMEOUT).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        byte[] withToken;
        try (UdpRelay relay = UdpRelay.start(server.boundPort(), Duration.ZERO)) {
            try (QuicTestClient client = QuicTestClient.connect(relay.port(), TestServers.ALPN, certificates.trusted())) {
                assertThat(client.exchange("validated")).isEqualTo("validated");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().isEmpty());
            withToken = relay.clientDatagrams().stream().filter(HandshakeFloodTest::isInitialWithToken).findFirst().orElseThrow();

            // The closed connection keeps its ids while it drains (three probe timeouts): a packet for them
            // goes to it. Once the codec forgets them, the replays reach the token check.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                relay.replayToServer(withToken, 1);
                return server.retryTokensAcceptedAndRefused()[1] > 0;
            });
            long before = server.retryTokensAcceptedAndRefused()[1];

            // 1 000 times from the very address the token was made for, in batches of 50 that a loopback
            // socket's buffer holds (a burst of 1 000 datagrams overflows it), each awaited
            for (int batch = 1; batch <= 20; batch++) {
                relay.replayToServer(withToken, 50);
                long arrived = before + 50L * batch;
                await().atMost(Duration.ofSeconds(5)).until(() -> server.retryTokensAcceptedAndRefused()[1] >= arrived);
            }
            assertThat(server.retryTokensAcceptedAndRefused()[1] - before).as("replays refused (a probe still on its way may add one)")
                    .isBetween(1_000L, 1_001L);
        }
        assertThat(server.retryTokensAcceptedAndRefused()[0]).as("accepted: the client's own use only").isEqualTo(1);
        assertThat(server.mostHandshakesInProgress()).as("no handshake but the client's").isEqualTo(1);
    }

    /** Whether {@code datagram} starts with a QUIC v1 Initial packet that carries a token (RFC 9000 §17.2.2). */
    private static boolean isInitialWithToken(byte[] datagram) {
        ByteBuffer packet = ByteBuffer.wrap(datagram);
        int first = packet.get() & 0xFF;
        if ((first & 0xF0) != 0xC0 || packet.getInt() != 1) {
            return false; // not a long-header Initial of version 1
        }
        int destinationIdLength = packet.get() & 0xFF;
        packet.position(packet.position() + destinationIdLength);
        int sourceIdLength = packet.get() & 0xFF;
        packet.position(packet.position() + sourceIdLength);
        int lengthByte = packet.get(packet.position()) & 0xFF;
        return lengthByte != 0; // a token length of 0 is one zero byte; anything else is a token
    }

    @Test
    void anInitialInADatagramShorterThan1200BytesIsNotAnsweredWhereAPaddedOneGetsItsRetry() throws Exception {
        // A Retry (or a first flight) to a short spoofed Initial would answer more bytes than were sent.
        server = TestServers.echo(certificates).retry(true).idleTimeout(IDLE_TIMEOUT).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        DatagramSocket probe = flooder();
        probe.setSoTimeout(1_000);
        DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);

        probe.send(initial(new Random(1), 200));
        assertThatThrownBy(() -> probe.receive(answer)).as("no answer to 200 bytes").isInstanceOf(SocketTimeoutException.class);

        boolean answered = false;
        for (int attempt = 0; attempt < 5 && !answered; attempt++) { // UDP: ask again, five times at most
            probe.send(initial(new Random(attempt + 2), INITIAL_DATAGRAM));
            try {
                probe.receive(answer);
                answered = true;
            } catch (SocketTimeoutException lost) {
                // send another
            }
        }
        assertThat(answered).as("a Retry answered the padded Initial").isTrue();
    }

    @Test
    void initialsFromTwoHundredPortsHoldAtMostMaxHandshakesAndARealClientStillConnects() throws Exception {
        // Retry switched off (its threshold out of reach): the bound alone holds the flood
        server = TestServers.echo(certificates).maxHandshakes(MAX_HANDSHAKES).retryThreshold(Integer.MAX_VALUE)
                .maxHandshakesPerAddress(MAX_HANDSHAKES).idleTimeout(IDLE_TIMEOUT).build();
        server.start(ServerSettings.of("127.0.0.1", 0));

        flood();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.mostHandshakesInProgress() == MAX_HANDSHAKES);

        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("through the flood")).isEqualTo("through the flood");
        }
        assertThat(server.mostHandshakesInProgress()).as("handshakes under way at once, at most").isEqualTo(MAX_HANDSHAKES);
        await().atMost(IDLE_TIMEOUT.plusSeconds(5)).untilAsserted(() -> {
            assertThat(server.handshakesInProgress()).as("half-open handshakes left").isZero();
            assertThat(server.connections()).isEmpty();
        });
    }

    @Test
    void withRetryTheFloodCreatesNoHandshakeStateAndARealClientStillConnectsAndEchoes() throws Exception {
        server = TestServers.echo(certificates).retry(true).idleTimeout(IDLE_TIMEOUT).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        DatagramSocket probe = flooder();

        flood();
        // Each Initial without a token is answered with a Retry, and nothing is kept for it.
        DatagramPacket retry = new DatagramPacket(new byte[2048], 2048);
        probe.setSoTimeout(1_000);
        // UDP: under load the probe's Initial (or the Retry) may be dropped; ask again, five times at most
        boolean answered = false;
        for (int attempt = 0; attempt < 5 && !answered; attempt++) {
            probe.send(initial(new Random(attempt)));
            try {
                probe.receive(retry);
                answered = true;
            } catch (java.net.SocketTimeoutException lost) {
                // send another
            }
        }
        assertThat(answered).as("a Retry answered the probe's Initial").isTrue();

        assertThat(retry.getData()[0] & 0xF0).as("a long-header Retry packet (type 3)").isEqualTo(0xF0);
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("validated")).isEqualTo("validated");
        }
        assertThat(server.mostHandshakesInProgress()).as("handshakes under way at once: the real client's only").isEqualTo(1);
    }

    private void flood() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < SOURCE_PORTS; i++) {
            flooder().send(initial(random));
        }
    }

    private DatagramSocket flooder() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        flooders.add(socket);
        return socket;
    }

    /** A client Initial packet (RFC 9000 §17.2.2) whose protected payload is noise: it can never complete a handshake. */
    private DatagramPacket initial(Random random) {
        return initial(random, INITIAL_DATAGRAM);
    }

    /** Such an Initial in a datagram of {@code size} bytes, its length field true to it. */
    private DatagramPacket initial(Random random, int size) {
        ByteBuffer packet = ByteBuffer.allocate(size);
        packet.put((byte) 0xC0);           // long header, fixed bit, type Initial, 1-byte packet number
        packet.putInt(1);                  // QUIC version 1
        packet.put((byte) 8).put(bytes(random, 8)); // destination connection id
        packet.put((byte) 8).put(bytes(random, 8)); // source connection id
        packet.put((byte) 0);              // no token
        int length = packet.remaining() - 2;
        packet.put((byte) (0x40 | (length >>> 8))).put((byte) length); // 2-byte varint: packet number + payload
        packet.put(bytes(random, packet.remaining()));
        return new DatagramPacket(packet.array(), packet.capacity(), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                server.boundPort()));
    }

    private static byte[] bytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
