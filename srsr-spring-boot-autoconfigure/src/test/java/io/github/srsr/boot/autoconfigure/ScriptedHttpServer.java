package io.github.srsr.boot.autoconfigure;

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

/**
 * An HTTP/1.1 server on a raw socket, for what the factory does on the wire: it counts
 * connections, records every request as received (and whether its first read held the whole
 * request), and answers as told: normally, by closing the connection after each answer without
 * saying so, or not at all.
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

	static final String ANSWER = "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}";

	private final ServerSocket serverSocket;

	private final Behaviour behaviour;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger connectionsClosed = new AtomicInteger();

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	ScriptedHttpServer(Behaviour behaviour) {
		this.behaviour = behaviour;
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "scripted-http-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.serverSocket.getLocalPort();
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
				if (this.behaviour == Behaviour.SILENT) {
					in.readAllBytes();
					return;
				}
				boolean close = request.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
				byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
				if (close || this.behaviour == Behaviour.ANSWER_THEN_DROP) {
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
	private static Received readRequest(InputStream in) throws IOException {
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

	}

}
