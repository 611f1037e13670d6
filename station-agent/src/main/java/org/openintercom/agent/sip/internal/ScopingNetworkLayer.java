package org.openintercom.agent.sip.internal;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's network layer for an engine bound to an IPv6 link-local address: sockets to a link-local peer without a
 * scope (SIP URIs, Via and Contact carry none) go through the engine's own interface; everything else is the stack's
 * own layer (TLS included).
 */
final class ScopingNetworkLayer implements NetworkLayer {

    private final NetworkLayer stack;
    private final InetAddress local;

    ScopingNetworkLayer(NetworkLayer stack, InetAddress local) {
        this.stack = stack;
        this.local = local;
    }

    private InetAddress to(InetAddress target) {
        return LinkLocal.through(target, local);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return stack.createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return stack.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return stack.createSocket(to(address), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return stack.createSocket(to(address), port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return stack.createSocket(to(address), port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return stack.createSSLSocket(to(address), port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return stack.createSSLSocket(to(address), port, myAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return stack.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        return stack.createDatagramSocket(port, bindAddress);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        stack.setSipStack(sipStack);
    }
}
