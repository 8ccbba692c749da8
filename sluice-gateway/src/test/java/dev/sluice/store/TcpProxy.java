package dev.sluice.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a real service, which a test can cut ({@link #down}: connections reset,
 * new ones refused) and restore ({@link #up}) to play an outage of Redis or PostgreSQL without
 * stopping the shared service.
 */
public final class TcpProxy implements AutoCloseable {
  private final int target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile long delayMillis;

  public TcpProxy(int target) throws IOException {
    this.target = target;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
    up();
  }

  public int port() {
    return port;
  }

  public synchronized void up() throws IOException {
    if (listener != null) {
      return;
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = server;
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
          client.setTcpNoDelay(true);
          upstream.setTcpNoDelay(true);
          open.add(client);
          open.add(upstream);
          pump(client, upstream, true);
          pump(upstream, client, false);
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** Holds every chunk sent to the service this long (a slow network, a stalled server). */
  public void delay(java.time.Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /** Resets every relayed connection and refuses new ones. */
  public synchronized void down() throws IOException {
    if (listener != null) {
      listener.close();
      listener = null;
    }
    for (Socket s : open) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    open.clear();
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (delayed && delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException ignored) {
        // one side closed: close the other below
      } finally {
        try {
          to.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    });
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
