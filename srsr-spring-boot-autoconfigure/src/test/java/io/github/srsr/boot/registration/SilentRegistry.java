package io.github.srsr.boot.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A "registry" that accepts connections and never answers: the worst case for a client, which
 * only its read timeout can end.
 */
final class SilentRegistry implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	SilentRegistry() {
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.acceptor = new Thread(this::accept, "silent-registry");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				this.accepted.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	String url() {
		return "http://localhost:" + this.serverSocket.getLocalPort();
	}

	int connections() {
		return this.accepted.size();
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
