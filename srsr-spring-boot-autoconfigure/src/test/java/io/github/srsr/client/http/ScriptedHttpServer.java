package io.github.srsr.client.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.srsr.testsupport.TestRegistryTls;

/**
 * An HTTP/1.1 server on a raw socket, plain or TLS, for what the factory does on the wire: it
 * counts connections, records every request as received (and whether its first read held the
 * whole request), and answers each request as its {@link Script} says, byte for byte: normally,
 * malformed, by closing the connection, or not at all.
 */
final class ScriptedHttpServer implements AutoCloseable {

	enum Behaviour {

		/** Answer {@code {"success": true}}, keep the connection open unless asked to close it. */
		ANSWER,

		/** Answer, then close the connection without a {@code Connection: close} header. */
		ANSWER_THEN_DROP,

		/** Read the request, never answer. */
		SILENT

	}

	/**
	 * What the server does with one request.
	 */
	@FunctionalInterface
	interface Script {

		/**
		 * Answer a request.
		 * @param number the request's number, from 1, counted over all connections
		 * @param request the request as received
		 * @param out the connection's output
		 * @return whether to go on serving the connection
		 */
		boolean answer(int number, Received request, OutputStream out) throws IOException;

	}

	static final String ANSWER = "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}";

	private final ServerSocket serverSocket;

	private final boolean tls;

	private final Script script;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger connectionsClosed = new AtomicInteger();

	private final AtomicInteger requestNumbers = new AtomicInteger();

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	ScriptedHttpServer(Behaviour behaviour) {
		this(InetAddress.getLoopbackAddress(), false, script(behaviour));
	}

	private ScriptedHttpServer(InetAddress address, boolean tls, Script script) {
		this.tls = tls;
		this.script = script;
		try {
			this.serverSocket = tls ? TestRegistryTls.serverContext().getServerSocketFactory().createServerSocket(0, 50,
					address) : new ServerSocket(0, 50, address);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::accept, "scripted-http-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a server that answers as the script says.
	 * @param tls whether to serve https (with the certificate of {@code tls/registry.p12})
	 * @param script what to answer
	 * @return the server
	 */
	static ScriptedHttpServer start(boolean tls, Script script) {
		return new ScriptedHttpServer(InetAddress.getLoopbackAddress(), tls, script);
	}

	/**
	 * Start a server on a loopback address of its own, which the certificate does not name.
	 * @param address the address, such as {@code 127.0.0.2}
	 * @param tls whether to serve https
	 * @param script what to answer
	 * @return the server
	 */
	static ScriptedHttpServer start(InetAddress address, boolean tls, Script script) {
		return new ScriptedHttpServer(address, tls, script);
	}

	/**
	 * A listening socket on the loopback address, plain or TLS (with the certificate of
	 * {@code tls/registry.p12}).
	 * @param tls whether it is a TLS one
	 * @param receiveBuffer the receive buffer of the connections it accepts, or 0 for the default
	 * @return the socket
	 */
	static ServerSocket listen(boolean tls, int receiveBuffer) throws Exception {
		ServerSocket socket = tls ? TestRegistryTls.serverContext().getServerSocketFactory().createServerSocket()
				: new ServerSocket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		return socket;
	}

	private static Script script(Behaviour behaviour) {
		return (number, request, out) -> {
			if (behaviour == Behaviour.SILENT) {
				return silence();
			}
			boolean close = request.asksToClose();
			byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
					+ (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return !close && behaviour != Behaviour.ANSWER_THEN_DROP;
		};
	}

	/**
	 * Answer nothing: the request's connection is kept open, unanswered, until the client
	 * closes it.
	 * @return never returns normally before the client closes the connection
	 */
	static boolean silence() throws IOException {
		throw new SilenceException();
	}

	/**
	 * The ASCII bytes of a text.
	 * @param text the text
	 * @return its bytes
	 */
	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A well-formed answer of status 200 that tells which request it answers: the address it
	 * carries is {@code http://10.0.0.<number>:8080}.
	 * @param number the request's number
	 * @return the answer's bytes
	 */
	static byte[] ownAnswer(int number) {
		String body = ownBody(number);
		return ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
				+ body);
	}

	/**
	 * The body of {@link #ownAnswer}.
	 * @param number the request's number
	 * @return the body
	 */
	static String ownBody(int number) {
		return "{\"success\":true,\"id\":\"id-" + number + "\",\"address\":\"http://10.0.0." + number + ":8080\"}";
	}

	String url() {
		return (this.tls ? "https" : "http") + "://" + this.serverSocket.getInetAddress().getHostAddress() + ":"
				+ this.serverSocket.getLocalPort();
	}

	int connections() {
		return this.connections.get();
	}

	int connectionsClosed() {
		return this.connectionsClosed.get();
	}

	List<Received> requests() {
		return this.requests;
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				this.sockets.add(socket);
				this.connections.incrementAndGet();
				Thread handler = new Thread(() -> serve(socket), "scripted-http-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			while (true) {
				Received request = readRequest(in);
				if (request == null) {
					return;
				}
				this.requests.add(request);
				boolean goOn;
				try {
					goOn = this.script.answer(this.requestNumbers.incrementAndGet(), request, out);
					out.flush();
				}
				catch (SilenceException ex) {
					in.readAllBytes();
					return;
				}
				if (!goOn) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// The client went away: nothing to serve.
		}
		finally {
			this.connectionsClosed.incrementAndGet();
		}
	}

	/**
	 * Read one request: head up to the empty line, then {@code Content-Length} bytes of body.
	 * @return the request, or {@code null} if the connection ended before one
	 */
	static Received readRequest(InputStream in) throws IOException {
		byte[] buffer = new byte[16 * 1024];
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		int firstRead = -1;
		int headEnd = -1;
		long contentLength = 0;
		while (true) {
			if (headEnd >= 0 && received.size() >= headEnd + contentLength) {
				String all = received.toString(StandardCharsets.ISO_8859_1);
				return new Received(all.substring(0, headEnd), all.substring(headEnd), firstRead == received.size());
			}
			int n = in.read(buffer);
			if (n < 0) {
				return null;
			}
			if (firstRead < 0) {
				firstRead = n;
			}
			received.write(buffer, 0, n);
			if (headEnd < 0) {
				String text = received.toString(StandardCharsets.ISO_8859_1);
				int end = text.indexOf("\r\n\r\n");
				if (end >= 0) {
					headEnd = end + 4;
					for (String line : text.substring(0, end).split("\r\n")) {
						if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
							contentLength = Long.parseLong(line.substring("content-length:".length()).trim());
						}
					}
				}
			}
		}
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A request as received.
	 * @param head request line and headers, with the empty line that ends them
	 * @param body the body
	 * @param inOneRead whether the server's first read returned the whole request
	 */
	record Received(String head, String body, boolean inOneRead) {

		boolean asksToClose() {
			return head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
		}

	}

	private static final class SilenceException extends IOException {

	}

}
