package dev.blocklab.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A program with known blocking, recorded by the tests in a child JVM. At once:
 * <ul>
 *   <li>{@value #SLEEPING_LOOP} (named like an Undertow IO thread) sleeps 200 ms five times;</li>
 *   <li>{@value #SLEEPING_WORKER} does the same under a name that is no event loop's;</li>
 *   <li>{@value #READING_LOOP} reads from a socket whose peer answers after {@value #PEER_DELAY_MS} ms.</li>
 * </ul>
 */
public final class KnownBehaviour {
    static final String SLEEPING_LOOP = "XNIO-1 I/O-1";
    static final String SLEEPING_WORKER = "worker-1";
    static final String READING_LOOP = "XNIO-1 I/O-2";
    static final int PEER_DELAY_MS = 400;

    private KnownBehaviour() {}

    public static void main(String[] args) throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread slowPeer = Thread.ofPlatform().name("slow-peer").start(() -> answerLate(peer));
            Thread loop = Thread.ofPlatform().name(SLEEPING_LOOP).start(KnownBehaviour::sleepFiveTimes);
            Thread worker = Thread.ofPlatform().name(SLEEPING_WORKER).start(KnownBehaviour::sleepFiveTimes);
            Thread reader = Thread.ofPlatform().name(READING_LOOP).start(() -> readSlowly(peer.getLocalPort()));
            for (Thread thread : new Thread[] {loop, worker, reader, slowPeer}) {
                thread.join();
            }
        }
    }

    static void sleepFiveTimes() {
        try {
            for (int i = 0; i < 5; i++) {
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void readSlowly(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = socket.getInputStream()) {
            if (in.read() < 0) {
                throw new IOException("the peer closed without answering");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answerLate(ServerSocket server) {
        try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
            Thread.sleep(PEER_DELAY_MS);
            out.write('!');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
