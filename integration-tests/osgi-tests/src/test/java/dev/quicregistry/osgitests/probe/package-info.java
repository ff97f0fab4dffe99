/**
 * The classes of the probe bundle that the tests build and install: they run inside Felix, wired
 * to the api bundle, and talk to the tests only through JDK types.
 */
package dev.quicregistry.osgitests.probe;
