package dev.quicregistry.samples;

/** One step of the sample's tour: a heading, and what it does and prints. */
interface SampleStep {

    /** The step's heading, as a person reads it. */
    String title();

    /** Runs the step on the started container; a failure ends the sample. */
    void run(SampleContext context) throws Exception;
}
