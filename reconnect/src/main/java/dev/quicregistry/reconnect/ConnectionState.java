package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Reconnector} is in its life: {@link Connecting} (the first attempt),
 * {@link Connected}, {@link Reconnecting} (waiting for, or making, a further attempt) and, for good,
 * {@link Closed}.
 */
public sealed interface ConnectionState
        permits ConnectionState.Connecting, ConnectionState.Connected, ConnectionState.Reconnecting,
        ConnectionState.Closed {

    /** The first connect is under way; the id is not registered yet. */
    record Connecting() implements ConnectionState { }

    /** A transport is up and registered under the id. */
    record Connected() implements ConnectionState { }

    /**
     * The transport was lost (or the first connect failed): attempt number {@code attempt} of this
     * outage is scheduled after {@code delay}, or under way. The id still maps to the lost transport
     * until a new one replaces it.
     *
     * @param attempt 1 for the first attempt of this outage
     * @param delay the backoff before this attempt
     * @param cause why the previous transport or attempt is gone
     */
    record Reconnecting(int attempt, Duration delay, Throwable cause) implements ConnectionState {
        /** Validates. */
        public Reconnecting {
            Objects.requireNonNull(delay, "delay must not be null");
            Objects.requireNonNull(cause, "cause must not be null");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt=" + attempt + " is not at least 1");
            }
        }
    }

    /**
     * Stopped for good: no further attempt is made and the id is unregistered.
     *
     * @param reason why
     * @param detail the reason in words, for logs and exceptions
     * @param cause the failure that led here, if one did
     */
    record Closed(Reason reason, String detail, Optional<Throwable> cause) implements ConnectionState {

        /** Why a reconnector closed. */
        public enum Reason {
            /** The application called {@link Reconnector#close()}. */
            CLOSED_BY_CLIENT,
            /** The backoff policy gave up: its maximum attempts failed. */
            ATTEMPTS_EXHAUSTED,
            /** The transport said it ended for good (e.g. a WebSocket closed normally by its server). */
            ENDED_BY_PEER
        }

        /** Validates. */
        public Closed {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(detail, "detail must not be null");
            Objects.requireNonNull(cause, "cause must not be null");
        }
    }
}
