package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which handshake gives way to a new one: spoofed sources to each other, a busy source before a lone client. */
class HandshakeTableTest {

    @Test
    void atTheBoundAHandshakeNotValidatedGivesWayOldestFirstAndAValidatedOneStays() {
        HandshakeTable<String> table = new HandshakeTable<>(3, 3);
        table.offer("real", "client", true);
        table.offer("spoofed-1", "flood-1", false);
        table.offer("spoofed-2", "flood-2", false);

        HandshakeTable.Admission<String> next = table.offer("spoofed-3", "flood-3", false);
        HandshakeTable.Admission<String> again = table.offer("real-2", "client-2", true);

        assertThat(next.admitted()).isTrue();
        assertThat(next.shed()).isEqualTo("spoofed-1");
        assertThat(again.shed()).isEqualTo("spoofed-2");
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.offer("real-3", "client-3", true).shed()).as("the last spoofed one").isEqualTo("spoofed-3");
    }

    @Test
    void whenAllAreValidatedTheBusiestSourceGivesWayAndALoneClientKeepsItsHandshake() {
        HandshakeTable<String> table = new HandshakeTable<>(3, 3);
        table.offer("busy-1", "busy", true);
        table.offer("lone", "client", true);
        table.offer("busy-2", "busy", true);

        HandshakeTable.Admission<String> newcomer = table.offer("other", "other", true);
        HandshakeTable.Admission<String> refused = table.offer("fourth", "fourth", true);

        assertThat(newcomer.shed()).as("the oldest of the source holding the most").isEqualTo("busy-1");
        assertThat(refused.admitted()).as("no source holds more than one now").isFalse();
        assertThat(refused.refusal()).isEqualTo("too many handshakes, all of validated addresses");
        assertThat(table.remove("lone")).isTrue();
        assertThat(table.offer("fourth", "fourth", true).admitted()).isTrue();
    }

    @Test
    void oneSourceHoldsAtMostItsShareValidatedOrNot() {
        HandshakeTable<String> table = new HandshakeTable<>(10, 2);
        table.offer("a-1", "a", true);
        table.offer("a-2", "a", false);

        HandshakeTable.Admission<String> third = table.offer("a-3", "a", true);

        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal()).isEqualTo("max-handshakes-per-address reached");
        assertThat(table.offer("b-1", "b", false).admitted()).isTrue();
        table.remove("a-1");
        assertThat(table.offer("a-3", "a", true).admitted()).as("a place of its own again").isTrue();
    }

    @Test
    void forgettingEveryHandshakeLeavesNoSourceBehind() {
        HandshakeTable<String> table = new HandshakeTable<>(2, 2);
        table.offer("a", "x", false);
        table.offer("b", "x", true);
        table.offer("c", "y", true); // "a" gives way

        assertThat(table.remove("a")).as("given way already").isFalse();
        assertThat(table.remove("b")).isTrue();
        assertThat(table.remove("c")).isTrue();
        assertThat(table.size()).isZero();
        assertThat(table.sources()).isZero();
    }

    @Test
    void theRefusalIsKnownBeforeTheHandshakeIsOfferedAndAskingChangesNothing() {
        HandshakeTable<String> table = new HandshakeTable<>(2, 1);
        assertThat(table.refusal("client")).isNull();
        table.offer("first", "client", true);

        assertThat(table.refusal("client")).isEqualTo("max-handshakes-per-address reached");
        assertThat(table.refusal("other")).isNull();
        table.offer("second", "other", true);
        assertThat(table.refusal("third-source")).as("full, all validated, no source with two")
                .isEqualTo("too many handshakes, all of validated addresses");
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.offer("third", "third-source", false).admitted()).isFalse();
    }
}
