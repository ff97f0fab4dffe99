package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.testing.DirectoryView;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where a directory client dials: every endpoint in turn, passing over those that sent it away, at most {@value DirectoryLocator#MAX_AVOIDED} of them. */
class DirectoryLocatorTest {

    private static ServerEndpoint endpoint(int port) {
        return new ServerEndpoint("api", "instance-" + port, "127.0.0.1", port, Map.of(), Instant.EPOCH);
    }

    private static Set<Integer> portsDialed(DirectoryLocator locator, int attempts) throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < attempts; i++) {
            ports.add(locator.locate().getPort());
        }
        return ports;
    }

    @Test
    void everyEndpointIsDialedInTurnAndOneThatWentAwayIsPassedOverWhileAnotherIsListed() throws Exception {
        DirectoryLocator locator = new DirectoryLocator(DirectoryView.of(List.of(endpoint(1001), endpoint(1002), endpoint(1003))),
                "api", Optional.empty());
        assertThat(portsDialed(locator, 6)).containsExactlyInAnyOrder(1001, 1002, 1003);

        locator.wentAway(new InetSocketAddress("127.0.0.1", 1002));

        assertThat(portsDialed(locator, 6)).containsExactlyInAnyOrder(1001, 1003);
    }

    @Test
    void whereEveryEndpointWentAwayAllAreDialedStill() throws Exception {
        DirectoryLocator locator = new DirectoryLocator(DirectoryView.of(List.of(endpoint(1001), endpoint(1002))), "api",
                Optional.empty());
        locator.wentAway(new InetSocketAddress("127.0.0.1", 1001));
        locator.wentAway(new InetSocketAddress("127.0.0.1", 1002));

        assertThat(portsDialed(locator, 4)).containsExactlyInAnyOrder(1001, 1002);
    }

    @Test
    void atMostSixteenEndpointsArePassedOverTheOldestIsForgottenFirst() throws Exception {
        List<ServerEndpoint> endpoints = new ArrayList<>();
        IntStream.rangeClosed(1, DirectoryLocator.MAX_AVOIDED + 2).forEach(i -> endpoints.add(endpoint(2000 + i)));
        DirectoryLocator locator = new DirectoryLocator(DirectoryView.of(endpoints), "api", Optional.empty());

        for (int i = 1; i <= DirectoryLocator.MAX_AVOIDED + 1; i++) {
            locator.wentAway(new InetSocketAddress("127.0.0.1", 2000 + i));
        }

        // 2001 went away first and is forgotten; 2002..2017 are passed over; 2018 never went away
        assertThat(portsDialed(locator, 10)).containsExactlyInAnyOrder(2001, 2000 + DirectoryLocator.MAX_AVOIDED + 2);
    }

    @Test
    void anEndpointThatWentAwayIsDialedAgainOnceThirtySecondsHavePassed() throws Exception {
        // any origin: nanoTime may be anything, and wrap between the two readings
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - DirectoryLocator.AVOID_FOR.toNanos() / 2);
        DirectoryLocator locator = new DirectoryLocator(DirectoryView.of(List.of(endpoint(1001), endpoint(1002))), "api",
                Optional.empty(), nanos::get);
        locator.wentAway(new InetSocketAddress("127.0.0.1", 1002));

        nanos.addAndGet(DirectoryLocator.AVOID_FOR.toNanos());
        assertThat(portsDialed(locator, 4)).as("at 30 s").containsExactly(1001);

        nanos.incrementAndGet();
        assertThat(portsDialed(locator, 4)).as("past 30 s").containsExactlyInAnyOrder(1001, 1002);
    }
}
