package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.cdi.internal.BoundPortConfigSource;
import dev.quicregistry.cdi.internal.PortPublisher;
import org.junit.jupiter.api.Test;

/** Containers in one class loader share the bound ports: the newest running server of a name is read. */
class BoundPortConfigSourceTest {

    private final BoundPortConfigSource source = new BoundPortConfigSource();

    @Test
    void theNewestPublisherIsReadAndWhenItWithdrawsTheOlderIsReadAgain() {
        PortPublisher older = BoundPortConfigSource.newPublisher();
        PortPublisher newer = BoundPortConfigSource.newPublisher();

        older.publish("stack-a", 4001);
        newer.publish("stack-a", 4002);
        assertThat(source.getValue("quic.server.stack-a.bound-port")).isEqualTo("4002");
        assertThat(source.getProperties()).containsEntry("quic.server.stack-a.bound-port", "4002");

        newer.withdraw("stack-a");
        assertThat(source.getValue("quic.server.stack-a.bound-port")).isEqualTo("4001");

        older.withdraw("stack-a");
        assertThat(source.getValue("quic.server.stack-a.bound-port")).isNull();
        assertThat(source.getPropertyNames()).doesNotContain("quic.server.stack-a.bound-port");
    }

    @Test
    void theOlderWithdrawingFirstLeavesTheNewerValueAlone() {
        PortPublisher older = BoundPortConfigSource.newPublisher();
        PortPublisher newer = BoundPortConfigSource.newPublisher();
        older.publish("stack-b", 4001);
        newer.publish("stack-b", 4002);

        older.withdraw("stack-b");
        older.withdraw("stack-b");

        assertThat(source.getValue("quic.server.stack-b.bound-port")).isEqualTo("4002");
        newer.withdraw("stack-b");
        assertThat(source.getValue("quic.server.stack-b.bound-port")).isNull();
    }

    @Test
    void aPublisherThatPublishesAgainReplacesItsOwnValueAndBecomesTheNewest() {
        PortPublisher first = BoundPortConfigSource.newPublisher();
        PortPublisher second = BoundPortConfigSource.newPublisher();
        first.publish("stack-c", 4001);
        second.publish("stack-c", 4002);

        first.publish("stack-c", 4003);

        assertThat(source.getValue("quic.server.stack-c.bound-port")).isEqualTo("4003");
        first.withdraw("stack-c");
        assertThat(source.getValue("quic.server.stack-c.bound-port")).isEqualTo("4002");
        second.withdraw("stack-c");
    }

    @Test
    void aPublishedPortIsListedAmongThePropertyNamesUntilWithdrawn() {
        PortPublisher publisher = BoundPortConfigSource.newPublisher();
        publisher.publish("stack-d", 4001);

        assertThat(source.getPropertyNames()).contains("quic.server.stack-d.bound-port");
        assertThat(source.getProperties()).containsEntry("quic.server.stack-d.bound-port", "4001");

        publisher.withdraw("stack-d");
        assertThat(source.getPropertyNames()).doesNotContain("quic.server.stack-d.bound-port");
    }

    @Test
    void theSourceIsNamedAfterQuicRegistrysBoundPortsAndRanksAboveSystemProperties() {
        assertThat(source.getName()).isEqualTo("quic-registry bound ports");
        assertThat(source.getOrdinal()).isEqualTo(500).isGreaterThan(400);
    }
}
