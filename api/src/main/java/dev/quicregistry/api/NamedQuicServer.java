package dev.quicregistry.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Names a server: a CDI qualifier, and the key of its configuration ({@code quic.server.<value>.*}).
 * On a {@link QuicServer} bean it makes the server start and register at start-up; on an injection
 * point of {@link ServerInfo} or an observed event it selects that one server.
 */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
@ConsumerType
public @interface NamedQuicServer {

    /** The server's name, see {@link ServerNames}. */
    String value();

    /** Default port when configuration names none; 0 = an ephemeral port. */
    @Nonbinding int port() default 0;
}
