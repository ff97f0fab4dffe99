package dev.quicregistry.testing;

import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Skips the test methods of a class (not its lifecycle methods) while one of PIT's mutation-test
 * processes only lists its tests: pitest-junit5-plugin (1.2) lists a class's tests by running
 * them, unmutated, and discards the outcome, so every such process first ran every test class its
 * mutants need (each group of mutants gets a process of its own). Everywhere else it does nothing:
 * in a normal test run, in PIT's coverage run (whose runs measure what each test covers) and in
 * PIT's runs of a mutant. Lifecycle methods still run, so that what they set up and close (a
 * capture of log records, state a test factory or an argument source reads) is as in any run, and
 * the listing finds every test. Registered for every test class through the service loader (JUnit's
 * extension auto-detection, on in the parent pom).
 */
public final class PitTestListing implements BeforeAllCallback, InvocationInterceptor {

    /** The frames of a mutation-test process listing tests: both are on the stack of the thread that runs the class. */
    private static final Set<String> LISTING_FRAMES = Set.of(
            "org.pitest.mutationtest.execute.MutationTestMinion", "org.pitest.junit5.JUnit5TestUnitFinder");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PitTestListing.class);
    private static final String LISTING = "listing";

    /**
     * Whether the calling thread runs a test class only so that PIT's mutation-test process lists
     * its tests. Asked by the thread that runs the class (callbacks, not the test's own thread).
     */
    public static boolean onlyListing() {
        long found = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(LISTING_FRAMES::contains).distinct().limit(LISTING_FRAMES.size()).count());
        return found == LISTING_FRAMES.size();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(LISTING, onlyListing());
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation, context);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation, context); // the factory itself runs: it makes the tests listed
    }

    private static void runUnlessListing(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (Boolean.TRUE.equals(context.getStore(NAMESPACE).get(LISTING, Boolean.class))) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }
}
