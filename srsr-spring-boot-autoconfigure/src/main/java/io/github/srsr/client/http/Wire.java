package io.github.srsr.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The bytes of one connection as they cross the TCP socket, every read and write bounded by the
 * deadline of the phase in progress: the TLS handshake (the connect deadline) or the exchange (the
 * request's write and the whole answer). A TLS socket is layered over {@link #socket()}, so that
 * its records are read and written here too, within the same deadlines.
 * <ul>
 * <li>Reads block with the socket's timeout set to the time left: a read that times out never
 * reaches the TLS layer, which sees one timeout, at the deadline. An interrupt of the calling
 * thread ends the wait (the channel's blocking read is interruptible: it closes the channel).</li>
 * <li>Writes are made with the channel non-blocking: a request the kernel takes at once (always,
 * unless the registry stopped reading) costs no wait; otherwise a selector, opened for that write
 * only, waits for room until the deadline or an interrupt. A registry that never reads cannot
 * hold a call past its timeout.</li>
 * </ul>
 */
final class Wire {

	private final SocketChannel channel;

	private final Socket socket;

	private final Input input;

	private final Output output;

	private long deadline;

	private boolean connecting;

	Wire(SocketChannel channel) throws IOException {
		this.channel = channel;
		this.socket = channel.socket();
		this.input = new Input(this.socket.getInputStream());
		this.output = new Output();
	}

	/**
	 * The TLS handshake begins: bound it by the connect deadline.
	 * @param deadline the {@link System#nanoTime()} by which the handshake must be done
	 */
	void connecting(long deadline) {
		this.deadline = deadline;
		this.connecting = true;
	}

	/**
	 * An exchange begins: bound its write and its answer by its deadline.
	 * @param deadline the {@link System#nanoTime()} by which the answer must have been read
	 */
	void exchanging(long deadline) {
		this.deadline = deadline;
		this.connecting = false;
	}

	InputStream input() {
		return this.input;
	}

	OutputStream output() {
		return this.output;
	}

	/**
	 * The TCP socket as a TLS socket sees it when layered over it: its streams are this wire's.
	 * @return the socket
	 */
	Socket socket() {
		return new LayeredSocket();
	}

	static int millisLeft(long deadline) throws HttpConnectTimeoutException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new HttpConnectTimeoutException("connect timed out");
		}
		return timeoutMillis(left);
	}

	/**
	 * A socket timeout that ends a wait when the time left has passed: rounded up to a whole
	 * millisecond, since 0 would mean no timeout at all.
	 */
	private static int timeoutMillis(long nanosLeft) {
		return (int) Math.min(Integer.MAX_VALUE, nanosLeft / 1_000_000 + 1);
	}

	static HttpConnectTimeoutException connectTimeout(String message, Throwable cause) {
		HttpConnectTimeoutException timeout = new HttpConnectTimeoutException(message);
		timeout.initCause(cause);
		return timeout;
	}

	private IOException timeout() {
		return this.connecting ? new HttpConnectTimeoutException("connect timed out (TLS handshake)")
				: new HttpTimeoutException("no complete answer within the read timeout");
	}

	private final class Input extends InputStream {

		private final InputStream in;

		Input(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			long remaining = Wire.this.deadline - System.nanoTime();
			if (remaining <= 0) {
				throw timeout();
			}
			Wire.this.socket.setSoTimeout(timeoutMillis(remaining));
			try {
				return this.in.read(b, off, len);
			}
			catch (SocketTimeoutException ex) {
				throw timeout();
			}
			catch (ClosedByInterruptException ex) {
				throw new InterruptedIOException("interrupted while waiting for the answer");
			}
		}

	}

	private final class Output extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
			SocketChannel channel = Wire.this.channel;
			channel.configureBlocking(false);
			try {
				channel.write(bytes);
				if (bytes.hasRemaining()) {
					writeWhenThereIsRoom(bytes);
				}
			}
			finally {
				channel.configureBlocking(true);
			}
		}

		/**
		 * The kernel did not take the whole request: the registry is not reading. Wait for room,
		 * until the deadline.
		 */
		private void writeWhenThereIsRoom(ByteBuffer bytes) throws IOException {
			try (Selector selector = Selector.open()) {
				Wire.this.channel.register(selector, SelectionKey.OP_WRITE);
				while (bytes.hasRemaining()) {
					long remaining = Wire.this.deadline - System.nanoTime();
					if (remaining <= 0) {
						throw timeout();
					}
					if (Thread.currentThread().isInterrupted()) {
						throw new InterruptedIOException("interrupted while sending the request");
					}
					// The one key may stay in the selected set: select waits for the channel to be
					// writable again all the same (readiness is level-triggered).
					selector.select(timeoutMillis(remaining));
					Wire.this.channel.write(bytes);
				}
			}
		}

	}

	/**
	 * The TCP socket for a TLS socket layered over it: the wire's streams, the channel's socket's
	 * state, and closing it closes the channel. Only what the JDK's TLS socket calls on the
	 * socket beneath it is answered: {@code isConnected} (when layered), the streams,
	 * {@code getPort} (its session cache), and, as it fails or closes, {@code getSoTimeout},
	 * {@code isInputShutdown}, {@code shutdownInput} and {@code close} (JDK 17 and 25, over a
	 * handshake that succeeds, is refused, stalls, is reset or cut off, an exchange that times
	 * out, stalls its write, is interrupted, or ends in the registry's close or its
	 * {@code close_notify}). The TLS socket is never handed to anyone else.
	 */
	private final class LayeredSocket extends Socket {

		private final Socket socket = Wire.this.socket;

		@Override
		public InputStream getInputStream() {
			return Wire.this.input;
		}

		@Override
		public OutputStream getOutputStream() {
			return Wire.this.output;
		}

		/** A wire is made for a connected channel only (and a socket once connected stays so). */
		@Override
		public boolean isConnected() {
			return true;
		}

		@Override
		public int getPort() {
			return this.socket.getPort();
		}

		@Override
		public synchronized int getSoTimeout() throws SocketException {
			return this.socket.getSoTimeout();
		}

		@Override
		public boolean isInputShutdown() {
			return this.socket.isInputShutdown();
		}

		@Override
		public void shutdownInput() throws IOException {
			this.socket.shutdownInput();
		}

		@Override
		public synchronized void close() throws IOException {
			Wire.this.channel.close();
		}

	}

}
