package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.impl.TerminationWatches.Probe;
import dev.quicregistry.impl.TerminationWatches.ServerKey;
import dev.quicregistry.testing.TestServer;
import java.lang.ref.ReferenceQueue;
import org.junit.jupiter.api.Test;

/**
 * The keys a registry finds a server's termination watch by: a server's identity, never its
 * equality, held weakly; a key whose server is garbage still equals itself, so it can be removed.
 */
class TerminationWatchesTest {

    private final ReferenceQueue<QuicServer> queue = new ReferenceQueue<>();
    private final TestServer server = TestServer.named("a");
    private final TestServer another = TestServer.named("b");

    @Test
    void keysAndProbesOfOneServerAreEqualAndHashAsItsIdentity() {
        ServerKey key = new ServerKey(server, queue);
        Probe probe = new Probe(server);

        assertThat(key.equals(key)).isTrue();
        assertThat(key.equals(new ServerKey(server, queue))).isTrue();
        assertThat(key.equals(probe)).isTrue();
        assertThat(probe.equals(key)).isTrue();
        assertThat(probe.equals(new Probe(server))).isTrue();
        assertThat(key.hashCode()).isEqualTo(probe.hashCode()).isEqualTo(System.identityHashCode(server));
    }

    @Test
    void keysAndProbesOfAnotherServerOrAnythingElseAreNotEqual() {
        ServerKey key = new ServerKey(server, queue);
        Probe probe = new Probe(server);

        assertThat(key.equals(new ServerKey(another, queue))).isFalse();
        assertThat(key.equals(new Probe(another))).isFalse();
        assertThat(probe.equals(new ServerKey(another, queue))).isFalse();
        assertThat(probe.equals(new Probe(another))).isFalse();
        assertThat(key.equals(server)).isFalse();
        assertThat(probe.equals(server)).isFalse();
    }

    @Test
    void aKeyWhoseServerIsGoneEqualsOnlyItself() {
        ServerKey key = new ServerKey(server, queue);
        ServerKey cleared = new ServerKey(server, queue);
        cleared.clear();

        assertThat(cleared.equals(cleared)).isTrue();
        assertThat(cleared.equals(key)).isFalse();
        assertThat(key.equals(cleared)).isFalse();
        assertThat(cleared.equals(new Probe(server))).isFalse();
        assertThat(new Probe(server).equals(cleared)).isFalse();
    }
}
