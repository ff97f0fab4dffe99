package dev.quicregistry.netty.client;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Where a reconnecting client dials its server by name, asked afresh before every attempt. */
sealed interface ServerLocator permits RegistryLocator, DirectoryLocator {

    /**
     * The address to dial now.
     *
     * @throws QuicServerNotFoundException where the server cannot be found now
     * @throws UnknownHostException where the host to dial does not resolve
     */
    InetSocketAddress locate() throws QuicServerNotFoundException, UnknownHostException;

    /** The server at {@code address} sent the client away (it drains): later calls prefer another address. */
    void wentAway(InetSocketAddress address);
}
