package dev.quicregistry.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.Ports;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole life of the Quarkus application, read from its output: servers stop in reverse start
 * order at shutdown while observers still see it.
 */
@QuarkusMainTest
class ApplicationLaunchTest {

    @Test
    @Launch({})
    void serversStartInNameOrderAndStopInReverseOrderWhileObserversSeeIt(LaunchResult result) {
        List<String> lines = result.getOutputStream();

        assertThat(lines).filteredOn(line -> line.startsWith("observed: ") || line.startsWith("main: "))
                .containsExactly("observed: registered alpha", "observed: registered beta", "main: running [alpha, beta]",
                        "observed: unregistered beta", "observed: unregistered alpha");
        assertThat(boundPorts(lines)).hasSize(2).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
    }

    /** The ports the application's servers bound, as its observer printed them. */
    static List<Integer> boundPorts(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("bound: "))
                .map(line -> Integer.parseInt(line.substring("bound: ".length()))).toList();
    }

}
