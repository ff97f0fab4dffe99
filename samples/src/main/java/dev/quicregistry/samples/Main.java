package dev.quicregistry.samples;

import java.net.BindException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sample: {@code Main} shows the registry once and exits; {@code Main --serve} keeps both
 * servers serving until Ctrl-C.
 */
public final class Main {

    private static final String SERVE = "--serve";
    private static final long SHUTDOWN_SECONDS = 30;

    private Main() {
    }

    /** Exit status 0 after the tour (or after Ctrl-C with {@code --serve}), 1 when it failed, 2 for bad arguments. */
    public static void main(String[] args) {
        SampleLogging.configure();
        List<String> arguments = List.of(args);
        boolean serve = arguments.contains(SERVE);
        if (arguments.stream().anyMatch(argument -> !argument.equals(SERVE))) {
            System.err.println("unknown arguments " + arguments + ": expected none, or " + SERVE
                    + " to keep serving until Ctrl-C");
            System.exit(2);
        }
        Sample sample = new Sample(System.out);
        try {
            if (serve) {
                serveUntilShutdown(sample);
            } else {
                sample.run();
            }
        } catch (Exception e) {
            System.err.println("the sample failed: " + e);
            if (causedBy(e, BindException.class)) {
                System.err.println("a port the sample binds is taken: override it, e.g. QUIC_SERVER_UPPER_PORT=0"
                        + " (an environment variable) for the server 'upper'");
            }
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Ctrl-C runs the shutdown hook: it tells the sample to stop and waits until the container is closed. */
    private static void serveUntilShutdown(Sample sample) throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.complete(null);
            try {
                closed.await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sample-shutdown"));
        try {
            sample.serve(stop);
        } finally {
            closed.countDown();
        }
    }
}
