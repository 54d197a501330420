package io.brightcounter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards a local port to another, and can cut every connection and stop listening, then
 * listen again on the same port: a database that goes away and comes back, without
 * touching the database.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;

    private final String targetHost;

    private final int targetPort;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private volatile ServerSocket server;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    public int port() {
        return this.port;
    }

    public synchronized void start() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
        this.server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops listening and cuts every open connection. */
    public synchronized void stop() throws IOException {
        this.server.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
        this.sockets.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket target;
                try {
                    target = new Socket(this.targetHost, this.targetPort);
                }
                catch (IOException ex) {
                    closeQuietly(client);
                    continue;
                }
                synchronized (this) {
                    // A connection accepted while stop() ran would otherwise outlive it
                    // unseen.
                    if (listening.isClosed()) {
                        closeQuietly(client);
                        closeQuietly(target);
                        continue;
                    }
                    this.sockets.add(client);
                    this.sockets.add(target);
                }
                pump(client, target);
                pump(target, client);
            }
            catch (IOException ex) {
                // Closed while accepting: stopped.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // One side went away.
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // Already closed.
        }
    }

}
