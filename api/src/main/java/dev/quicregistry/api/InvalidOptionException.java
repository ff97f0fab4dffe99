package dev.quicregistry.api;

/**
 * A server option ({@link ServerSettings#options()}) with a value its transport cannot take. It
 * names the option, so a container can name the configuration key the value came from
 * ({@code quic.server.<name>.<option>}).
 */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    /** {@code message} names the option, its value (masked where secret) and what was expected. */
    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option's key, e.g. {@code idle-timeout}. */
    public String option() {
        return option;
    }
}
