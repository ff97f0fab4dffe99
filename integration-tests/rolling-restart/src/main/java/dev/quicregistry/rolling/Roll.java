package dev.quicregistry.rolling;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.netty.client.QuicClientThreads;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.TestCertificates;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * A fleet under a rolling restart: a real three-server ZooKeeper ensemble (loopback), server JVMs
 * ({@link RollServer}) that publish {@link #NAME} through it, and clients in this JVM that find
 * them through a {@link ZooKeeperDirectory} and loop {@code requestReply}. {@link #rollAll} drains
 * each server JVM in turn, waits for it to exit and starts its successor. What the clients saw is
 * theirs to tell ({@link LoopingClient}); latencies are kept per phase (steady, rolling).
 *
 * <p>Clients back off 200 ms to 2 s between failed attempts: a client that waited on a backoff
 * shows it as a {@code Reconnecting} state with a delay, which a drain must never cause.
 */
public final class Roll implements AutoCloseable {

    public static final String NAME = "api";
    static final String ALPN = "roll";
    private static final String BASE_PATH = "/roll";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path work;
    private final Ensemble ensemble;
    private final TestCertificates certificates;
    private final ZooKeeperDirectory directory;
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    private final QuicClientThreads threads = QuicClientThreads.create("roll-clients", 2);
    private final List<ServerJvm> servers = new ArrayList<>();
    private final List<LoopingClient> clients = new ArrayList<>();
    private final Map<Object, LoopingClient> byId = new ConcurrentHashMap<>();
    private final List<Duration> moved = new ArrayList<>();
    private final Latencies steady = new Latencies();
    private final Latencies rolling = new Latencies();
    private volatile Latencies phase = steady;

    private Roll(Path work) throws Exception {
        this.work = work;
        this.ensemble = Ensemble.started(3);
        this.certificates = TestCertificates.writeTo(Files.createDirectories(work.resolve("certificates")));
        this.directory = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).basePath(BASE_PATH).build();
        connections.addListener(event -> {
            if (event instanceof ConnectionReplaced replaced) {
                LoopingClient client = byId.get(replaced.id());
                if (client != null) {
                    client.replaced();
                }
            }
        });
    }

    /** An ensemble, {@code serverCount} published server JVMs, and {@code clientCount} connected clients looping requests. */
    public static Roll start(Path work, int serverCount, int clientCount) throws Exception {
        Roll roll = new Roll(work);
        try {
            for (int i = 0; i < serverCount; i++) {
                roll.servers.add(roll.startServer());
            }
            roll.awaitEndpoints(serverCount);
            for (int i = 0; i < clientCount; i++) {
                roll.addLoopingClient(roll.directory);
            }
            return roll;
        } catch (Exception | Error e) {
            roll.close();
            throw e;
        }
    }

    private ServerJvm startServer() throws IOException, InterruptedException, TimeoutException {
        return ServerJvm.start(ensemble.connectString(), BASE_PATH, NAME, certificates, work);
    }

    /** A client of {@link #NAME} as {@code view} lists it, connected, its loop started. */
    public LoopingClient addLoopingClient(QuicServerDirectory view) throws Exception {
        LoopingClient client = new LoopingClient(connectedClient(view), () -> phase);
        clients.add(client);
        byId.put(client.client().id(), client);
        client.start();
        return client;
    }

    /** A client of {@link #NAME} as {@code view} lists it, connected, looping nothing. */
    public ReconnectingQuicClient connectedClient(QuicServerDirectory view) throws Exception {
        return connectedClient(view, state -> { });
    }

    /** A client of {@link #NAME} as {@code view} lists it, its every state told to {@code states} from the start, connected. */
    public ReconnectingQuicClient connectedClient(QuicServerDirectory view, Consumer<ConnectionState> states) throws Exception {
        ReconnectingQuicClient client = ReconnectingQuicClient.builder(view, NAME, connections)
                .alpn(ALPN).trustCertificates(certificates.trustedPem()).tlsHostName("localhost")
                .backoff(ExponentialBackoff.of(Duration.ofMillis(200), Duration.ofSeconds(2), ExponentialBackoff.UNLIMITED))
                .threads(threads).build();
        client.addStateListener(states);
        client.start();
        client.awaitConnected(WAIT);
        return client;
    }

    /** Lets the clients loop until {@code replies} more replies were counted as the steady state. */
    public void steadyFor(int replies) {
        phase = steady;
        int target = steady.count() + replies;
        Awaitility.await(replies + " replies in the steady state").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> steady.count() >= target);
    }

    /**
     * Drains each server JVM in turn with {@code grace}, waits for it to exit, starts its successor
     * and waits until the directory lists it; latencies of this phase count as rolling.
     */
    public void rollAll(Duration grace) throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            rollOne(i, grace);
        }
    }

    /**
     * Drains server {@code index} with {@code grace}, and starts its successor once it has exited;
     * latencies from now on count as rolling.
     */
    public void rollOne(int index, Duration grace) throws Exception {
        phase = rolling;
        ServerJvm old = servers.get(index);
        List<LoopingClient> onIt = clients.stream().filter(client -> isOn(client, old.port())).toList();
        long began = System.nanoTime();
        old.drainAndExit(grace);
        old.close();
        ServerJvm successor = startServer();
        servers.set(index, successor);
        awaitEndpoints(servers.size());
        long lastMoved = onIt.stream().mapToLong(client -> client.replacedAt().stream().filter(at -> at > began)
                .findFirst().orElse(began)).max().orElse(began);
        moved.add(Duration.ofNanos(lastMoved - began));
    }

    private static boolean isOn(LoopingClient client, int port) {
        return client.client().connection().map(channel -> channel.remoteSocketAddress())
                .filter(InetSocketAddress.class::isInstance).map(address -> ((InetSocketAddress) address).getPort())
                .filter(p -> p == port).isPresent();
    }

    /** Ends every loop (after its request in flight). */
    public void stopClients() throws Exception {
        for (LoopingClient client : clients) {
            client.stop();
        }
    }

    public List<LoopingClient> clients() {
        return List.copyOf(clients);
    }

    public ServerJvm server(int index) {
        return servers.get(index);
    }

    public QuicServerDirectory directory() {
        return directory;
    }

    public Latencies steadyLatencies() {
        return steady;
    }

    public Latencies rollingLatencies() {
        return rolling;
    }

    /** For each drain of {@link #rollOne}: from the drain to the last of its clients connected elsewhere. */
    public List<Duration> moved() {
        return List.copyOf(moved);
    }

    /** Waits until the directory lists {@code count} endpoints of {@link #NAME}. */
    void awaitEndpoints(int count) {
        Awaitility.await("the directory to list " + count + " endpoints of " + NAME).atMost(WAIT)
                .pollInterval(Duration.ofMillis(10)).until(() -> directory.endpoints(NAME).size() == count);
    }

    @Override
    public void close() throws Exception {
        for (LoopingClient client : clients) {
            client.client().close();
        }
        threads.close();
        servers.forEach(ServerJvm::close);
        directory.close();
        ensemble.close();
    }
}
