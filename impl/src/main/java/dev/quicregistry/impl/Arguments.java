package dev.quicregistry.impl;

/** Argument checks of the registries, with messages that name the parameter and the value. */
final class Arguments {

    private Arguments() {
    }

    static <T> T notNull(T value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    static int port(int port, int min) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " is not a port (" + min + "..65535)");
        }
        return port;
    }
}
