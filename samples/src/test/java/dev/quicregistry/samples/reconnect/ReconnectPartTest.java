package dev.quicregistry.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.cdi.QuicRegistryExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reconnection part in a real Weld container, against real QUIC servers on 127.0.0.1. */
class ReconnectPartTest {

    @Test
    void theClientSurvivesTheRestartAndTheObserverResubscribesOnTheNewConnection() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        try (SeContainer container = SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addExtensions(new QuicRegistryExtension())
                .addBeanClasses(ReconnectPart.beanClasses().toArray(Class<?>[]::new))
                .initialize();
                PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            container.select(ConnectionRegistry.class).get().addListener(events::add);

            ReconnectPart.run(container, out);

            assertThat(container.select(QuicServerRegistry.class).get().names()).isEmpty();
            assertThat(container.select(ConnectionRegistry.class).get().ids()).isEmpty();
        }
        String output = printed.toString(StandardCharsets.UTF_8);

        int firstPort = port(output, "server 'ticker' listening on port (\\d+)");
        int secondPort = port(output, "server 'ticker' restarted on port (\\d+)");
        assertThat(secondPort).isNotEqualTo(firstPort);
        assertThat(output).contains("client 'ticker-feed' connected to /127.0.0.1:" + firstPort + ": subscribed to prices")
                .contains("resubscribed ticker-feed to prices on /127.0.0.1:" + secondPort + ": subscribed to prices")
                .contains("client 'ticker-feed' is connected again to /127.0.0.1:" + secondPort
                        + "; its handle resolves to /127.0.0.1:" + secondPort + "; resubscribed to prices")
                .contains("client closed; connection ids registered now: []");
        assertThat(output.lines().filter(line -> line.startsWith("resubscribed"))).hasSize(1);
        assertThat(events).filteredOn(ConnectionReplaced.class::isInstance).hasSize(1);
        assertThat(events).last().isInstanceOf(ConnectionUnregistered.class);
    }

    private static int port(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertThat(matcher.find()).as("output has '%s':%n%s", regex, output).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
