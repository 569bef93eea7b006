package io.github.srsr.client.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on a raw socket, as small as the client's use of one needs: {@code CONNECT}
 * opens a tunnel (unless told to refuse it), a request in absolute form is passed on to the
 * server it names; either way the bytes are then relayed both ways as they are. It records the
 * first line of every request it gets.
 */
final class TestProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final boolean refuseTunnels;

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final String tunnelAnswer;

	TestProxy(boolean refuseTunnels) {
		this(refuseTunnels, "HTTP/1.1 200 Connection established\r\n\r\n");
	}

	/**
	 * A proxy that opens every tunnel asked for, with the given answer.
	 * @param tunnelAnswer the answer's head, as the client reads it
	 */
	TestProxy(String tunnelAnswer) {
		this(false, tunnelAnswer);
	}

	private TestProxy(boolean refuseTunnels, String tunnelAnswer) {
		this.refuseTunnels = refuseTunnels;
		this.tunnelAnswer = tunnelAnswer;
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon(() -> {
			while (!this.serverSocket.isClosed()) {
				Socket socket = this.serverSocket.accept();
				this.sockets.add(socket);
				daemon(() -> serve(socket));
			}
		});
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	List<String> requestLines() {
		return this.requestLines;
	}

	private void serve(Socket client) throws IOException {
		InputStream in = client.getInputStream();
		OutputStream out = client.getOutputStream();
		byte[] head = readHead(in);
		String requestLine = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
		this.requestLines.add(requestLine);
		String[] parts = requestLine.split(" ");
		Socket upstream;
		if (parts[0].equals("CONNECT")) {
			if (this.refuseTunnels) {
				out.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				client.close();
				return;
			}
			URI target = URI.create("tcp://" + parts[1]);
			upstream = connect(target.getHost(), target.getPort());
			out.write(this.tunnelAnswer.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}
		else {
			URI target = URI.create(parts[1]);
			upstream = connect(target.getHost(), target.getPort());
			upstream.getOutputStream().write(head);
		}
		daemon(() -> upstream.getInputStream().transferTo(out));
		in.transferTo(upstream.getOutputStream());
	}

	private Socket connect(String host, int port) throws IOException {
		Socket socket = new Socket(host, port);
		this.sockets.add(socket);
		return socket;
	}

	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			head.write(b);
			byte[] bytes = head.toByteArray();
			int n = bytes.length;
			if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
				break;
			}
		}
		return head.toByteArray();
	}

	private static void daemon(Action action) {
		Thread thread = new Thread(() -> {
			try {
				action.run();
			}
			catch (IOException ex) {
				// A connection went away.
			}
		}, "test-proxy");
		thread.setDaemon(true);
		thread.start();
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

	@FunctionalInterface
	private interface Action {

		void run() throws IOException;

	}

}
