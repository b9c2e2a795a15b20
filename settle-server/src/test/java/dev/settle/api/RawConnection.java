package dev.settle.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 connection for hostile-client tests: writes exactly the bytes it is given, as
 * slowly as the test wants, and reads whatever comes back (an answer, or the server closing).
 */
final class RawConnection implements AutoCloseable {
    private static final int READ_POLL_MILLIS = 100;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_POLL_MILLIS);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Writes {@code text}; false when the server has closed the connection. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.US_ASCII));
    }

    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            closedByServer = true;
            return false;
        }
    }

    /** Reads what has arrived, waiting at most one poll; true once the server has closed its side. */
    boolean poll() {
        if (closedByServer) {
            return true;
        }
        byte[] buffer = new byte[8192];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                closedByServer = true;
            } else {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException nothingYet) {
            return false;
        } catch (SocketException reset) {
            closedByServer = true;
        } catch (IOException e) {
            closedByServer = true;
        }
        return closedByServer;
    }

    /** Polls until the server closes or {@code millis} pass; true when it closed. */
    boolean awaitClose(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (poll()) {
                return true;
            }
        }
        return false;
    }

    /** Polls until an answer's head has arrived or {@code millis} pass. */
    String awaitAnswer(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end && !received().contains("\r\n\r\n") && !poll()) {
            // Keep polling.
        }
        return received();
    }

    String received() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** The status of the first answer, or 0 when none arrived. */
    int status() {
        String text = received();
        return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
