/**
 * The classes of the Netty probe bundle that the tests build and install: a bundle that starts a
 * real {@code NettyQuicServer} inside Felix, wired to the api, netty and Netty bundles, and offers
 * it to the whiteboard as a {@code QuicServer} service.
 */
package dev.quicregistry.osgitests.nettyprobe;
