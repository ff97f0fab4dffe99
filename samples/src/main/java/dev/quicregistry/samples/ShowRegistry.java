package dev.quicregistry.samples;

/** Prints the registry: every named server with its real bound port, ALPN and live connections. */
final class ShowRegistry implements SampleStep {

    @Override
    public String title() {
        return "The registry (QuicServerRegistry: names, port(name), options, connections(name))";
    }

    @Override
    public void run(SampleContext context) {
        context.printer().printTable();
    }
}
