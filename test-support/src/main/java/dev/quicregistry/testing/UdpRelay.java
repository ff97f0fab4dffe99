package dev.quicregistry.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on 127.0.0.1 between a client and a server, as a network between them: each
 * datagram is delayed one way by a fixed time, the server's answers may be dropped (a client whose
 * source address is spoofed never gets them) or the first few lost, the client's cut once the
 * server has answered, and what the server sends is counted.
 *
 * <p>Invariants: the relay answers the client address that sent to it last (one client at a time,
 * one after the other); the server sees every client datagram coming from one socket of the relay;
 * two daemon threads receive (one per side) and one sends the delayed datagrams, all ended by
 * {@link #close()}.
 */
public final class UdpRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final long delayNanos;
    private final boolean dropAnswers;
    /** Whether the client's datagrams stop passing once the server has answered. */
    private final boolean cutClientAfterAnswer;
    private volatile boolean serverAnswered;
    /** Answers still to be lost before the rest pass. */
    private final AtomicLong answersToLose;
    private final ScheduledExecutorService sender;
    private final AtomicLong datagramsFromServer = new AtomicLong();
    private final AtomicLong bytesFromServer = new AtomicLong();
    private volatile SocketAddress client;
    /** The first {@value #RECORDED} datagrams clients sent, for tests that replay one. */
    private final List<byte[]> fromClients = new CopyOnWriteArrayList<>();

    /** How many client datagrams are kept for {@link #clientDatagrams()}. */
    public static final int RECORDED = 64;

    private UdpRelay(int serverPort, Duration oneWayDelay, boolean dropAnswers, long answersToLose, boolean cutClientAfterAnswer)
            throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.server = new InetSocketAddress(loopback, serverPort);
        this.delayNanos = oneWayDelay.toNanos();
        this.dropAnswers = dropAnswers;
        this.cutClientAfterAnswer = cutClientAfterAnswer;
        this.answersToLose = new AtomicLong(answersToLose);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> daemon(task, "udp-relay-sender"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.sender = executor;
        daemon(() -> relay(front, true), "udp-relay-from-client").start();
        daemon(() -> relay(back, false), "udp-relay-from-server").start();
    }

    /** A relay to the server on 127.0.0.1:{@code serverPort}, delaying each datagram {@code oneWayDelay}. */
    public static UdpRelay start(int serverPort, Duration oneWayDelay) throws SocketException {
        return new UdpRelay(serverPort, oneWayDelay, false, 0, false);
    }

    /** A relay to the server on 127.0.0.1:{@code serverPort} that loses the server's first {@code answers} datagrams, then passes the rest. */
    public static UdpRelay losingFirstAnswers(int serverPort, int answers) throws SocketException {
        return new UdpRelay(serverPort, Duration.ZERO, false, answers, false);
    }

    /** A relay to the server on 127.0.0.1:{@code serverPort} that passes the client's datagrams on and drops every answer. */
    public static UdpRelay droppingAnswers(int serverPort) throws SocketException {
        return new UdpRelay(serverPort, Duration.ZERO, true, 0, false);
    }

    /**
     * A relay to the server on 127.0.0.1:{@code serverPort} that passes the client's datagrams only
     * until the server first answers, and every answer: a QUIC client completes its handshake, while
     * the server never gets the client's Finished and keeps the connection in its handshake.
     */
    public static UdpRelay cuttingClientAfterFirstAnswer(int serverPort) throws SocketException {
        return new UdpRelay(serverPort, Duration.ZERO, false, 0, true);
    }

    /** Loses the server's next {@code count} datagrams from now on (a reply lost on its way), then passes the rest. */
    public void loseNextAnswers(long count) {
        answersToLose.set(count);
    }

    /** The port clients send to. */
    public int port() {
        return front.getLocalPort();
    }

    /** Datagrams the server sent to the client so far (dropped ones included). */
    public long datagramsFromServer() {
        return datagramsFromServer.get();
    }

    /** Bytes of UDP payload the server sent to the client so far (dropped ones included). */
    public long bytesFromServer() {
        return bytesFromServer.get();
    }

    /** The first {@value #RECORDED} datagrams clients sent through the relay, in order. */
    public List<byte[]> clientDatagrams() {
        return List.copyOf(fromClients);
    }

    /** Sends {@code datagram} to the server {@code times} times, from the relay's socket (as its client's datagrams come). */
    public void replayToServer(byte[] datagram, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            back.send(new DatagramPacket(datagram, datagram.length, server));
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
        sender.shutdownNow();
    }

    private void relay(DatagramSocket from, boolean fromClient) {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!from.isClosed()) {
            try {
                from.receive(packet);
            } catch (IOException closed) {
                return;
            }
            byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            if (fromClient) {
                client = packet.getSocketAddress();
                if (fromClients.size() < RECORDED) {
                    fromClients.add(data);
                }
                if (!(cutClientAfterAnswer && serverAnswered)) {
                    later(back, new DatagramPacket(data, data.length, server));
                }
            } else {
                serverAnswered = true;
                datagramsFromServer.incrementAndGet();
                bytesFromServer.addAndGet(data.length);
                SocketAddress to = client;
                boolean lost = answersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
                if (!dropAnswers && !lost && to != null) {
                    later(front, new DatagramPacket(data, data.length, to));
                }
            }
        }
    }

    private void later(DatagramSocket via, DatagramPacket packet) {
        try {
            sender.schedule(() -> send(via, packet), delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the relay is closing
        }
    }

    private static void send(DatagramSocket via, DatagramPacket packet) {
        try {
            via.send(packet);
        } catch (IOException closed) {
            // the relay is closing: the datagram is lost, as on a network
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
