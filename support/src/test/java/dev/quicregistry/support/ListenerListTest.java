package dev.quicregistry.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each add is its own subscription; a listener that throws stops nobody. */
class ListenerListTest {

    private final ListenerList<Consumer<String>> listeners = new ListenerList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void oneListenerAddedTwiceIsTwoRegistrationsEachClosedOnItsOwn() {
        Consumer<String> listener = calls::add;
        Runnable first = listeners.add(listener);
        listeners.add(listener);

        notifyAll("a");
        first.run();
        first.run();
        notifyAll("b");

        assertThat(calls).containsExactly("a", "a", "b");
        assertThat(listeners.size()).isEqualTo(1);
    }

    @Test
    void aListenerThatThrowsIsReportedAndTheOthersAreStillCalledInOrder() {
        listeners.add(value -> calls.add("first " + value));
        listeners.add(value -> {
            throw new IllegalStateException("listener fails on " + value);
        });
        listeners.add(value -> calls.add("third " + value));

        notifyAll("x");

        assertThat(calls).containsExactly("first x", "third x");
        assertThat(failures).containsExactly("listener fails on x");
    }

    @Test
    void closingARegistrationRemovesExactlyThatOneWhereverItStands() {
        Runnable first = listeners.add(value -> calls.add("first " + value));
        Runnable second = listeners.add(value -> calls.add("second " + value));
        listeners.add(value -> calls.add("third " + value));
        Runnable fourth = listeners.add(value -> calls.add("fourth " + value));

        second.run();
        notifyAll("a");
        first.run();
        notifyAll("b");
        fourth.run();
        notifyAll("c");

        assertThat(calls).containsExactly("first a", "third a", "fourth a", "third b", "fourth b", "third c");
        assertThat(listeners.size()).isEqualTo(1);
    }

    private void notifyAll(String value) {
        listeners.forEach(listener -> listener.accept(value), (listener, failure) -> failures.add(failure.getMessage()));
    }
}
