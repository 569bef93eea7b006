package io.github.srsr.boot.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * Reads an HTTP/1.1 answer for {@link SrsrHttpRequestFactory}: status line, headers (interim
 * {@code 1xx} answers skipped), and a body framed by {@code Content-Length}, chunked encoding or
 * the end of the connection. The body gives its connection back to the pool once read to its end
 * when both sides keep it open, and closes it otherwise.
 */
final class HttpAnswer {

	/** The most a status line or header line may take. */
	private static final int MAX_LINE = 8 * 1024;

	/** The most an answer's head (status line and headers) may take. */
	private static final int MAX_HEAD = 64 * 1024;

	private HttpAnswer() {
	}

	/**
	 * Read the answer to the request just sent on the connection.
	 * @param connection the connection
	 * @param head whether the request was a {@code HEAD} (an answer without body)
	 * @param keepAlive whether the request asked to keep the connection open
	 * @param pool where the connection goes once the body was read to its end
	 * @return the answer
	 * @throws IOException if the answer is not HTTP, is cut off, or does not arrive in time
	 */
	static SrsrHttpRequestFactory.Response read(HttpConnection connection, boolean head, boolean keepAlive,
			HttpConnection.Pool pool) throws IOException {
		InputStream in = connection.input();
		int[] budget = { MAX_HEAD };
		while (true) {
			String statusLine = readLine(in, budget);
			if (statusLine == null) {
				throw new EOFException("the server closed the connection without answering");
			}
			if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
				throw new IOException("not an HTTP answer: '" + excerpt(statusLine) + "'");
			}
			int status = statusCode(statusLine);
			String reason = (statusLine.length() > 13) ? statusLine.substring(13).trim() : "";
			HttpHeaders headers = readHeaders(in, budget);
			if (status == 101) {
				throw new IOException("unexpected switch of protocols (101)");
			}
			if (status < 200) {
				// 100 Continue and other interim answers: the final one follows.
				continue;
			}
			boolean reusable = keepAlive && statusLine.startsWith("HTTP/1.1")
					&& !hasToken(headers, HttpHeaders.CONNECTION, "close");
			HttpStatusCode code = HttpStatusCode.valueOf(status);
			Body body;
			if (head || status == 204 || status == 304) {
				body = new FixedLengthBody(connection, in, reusable, pool, 0);
			}
			else if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
				body = lastToken(headers, HttpHeaders.TRANSFER_ENCODING).equalsIgnoreCase("chunked")
						? new ChunkedBody(connection, in, reusable, pool) : new UntilClosedBody(connection, in, pool);
			}
			else if (headers.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
				body = new FixedLengthBody(connection, in, reusable, pool, contentLength(headers));
			}
			else {
				body = new UntilClosedBody(connection, in, pool);
			}
			return new SrsrHttpRequestFactory.Response(code, reason, headers, body);
		}
	}

	private static int statusCode(String statusLine) throws IOException {
		int code = 0;
		for (int i = 9; i < 12; i++) {
			char c = statusLine.charAt(i);
			if (c < '0' || c > '9') {
				throw new IOException("not an HTTP status: '" + excerpt(statusLine) + "'");
			}
			code = code * 10 + (c - '0');
		}
		if (code < 100 || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
			throw new IOException("not an HTTP status: '" + excerpt(statusLine) + "'");
		}
		return code;
	}

	private static HttpHeaders readHeaders(InputStream in, int[] budget) throws IOException {
		HttpHeaders headers = new HttpHeaders();
		String lastName = null;
		while (true) {
			String line = readLine(in, budget);
			if (line == null) {
				throw new EOFException("the connection was closed in the middle of the answer's headers");
			}
			if (line.isEmpty()) {
				return headers;
			}
			if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
				// An obsolete folded line continues the previous header's last value.
				List<String> values = headers.get(lastName);
				int last = values.size() - 1;
				headers.get(lastName).set(last, values.get(last) + " " + line.trim());
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IOException("not an HTTP header: '" + excerpt(line) + "'");
			}
			lastName = line.substring(0, colon).trim();
			headers.add(lastName, line.substring(colon + 1).trim());
		}
	}

	/**
	 * Read a line ending in LF (CR LF), without its end.
	 * @return the line, or {@code null} if the connection ended before its first byte
	 */
	private static String readLine(InputStream in, int[] budget) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		while (true) {
			int b = in.read();
			if (b < 0) {
				if (line.size() == 0) {
					return null;
				}
				throw new EOFException("the connection was closed in the middle of a line of the answer");
			}
			if (--budget[0] < 0 || line.size() > MAX_LINE) {
				throw new IOException("the answer's head is larger than " + (MAX_HEAD / 1024) + " KiB");
			}
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
	}

	private static boolean hasToken(HttpHeaders headers, String name, String token) {
		List<String> values = headers.get(name);
		if (values != null) {
			for (String value : values) {
				for (String part : value.split(",")) {
					if (part.trim().equalsIgnoreCase(token)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static String lastToken(HttpHeaders headers, String name) {
		List<String> values = headers.get(name);
		String last = "";
		if (values != null) {
			for (String value : values) {
				for (String part : value.split(",")) {
					if (!part.isBlank()) {
						last = part.trim();
					}
				}
			}
		}
		return last;
	}

	private static long contentLength(HttpHeaders headers) throws IOException {
		long length = -1;
		for (String value : headers.get(HttpHeaders.CONTENT_LENGTH)) {
			for (String part : value.split(",")) {
				long parsed;
				try {
					parsed = Long.parseLong(part.trim());
				}
				catch (NumberFormatException ex) {
					throw new IOException("invalid Content-Length '" + excerpt(value) + "'");
				}
				if (parsed < 0 || (length != -1 && parsed != length)) {
					throw new IOException("invalid Content-Length '" + excerpt(value) + "'");
				}
				length = parsed;
			}
		}
		return length;
	}

	private static String excerpt(String text) {
		String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (printable.length() <= 60) ? printable : printable.substring(0, 60) + "...";
	}

	/**
	 * A body: read to its end, it gives the connection back (or closes it when it is not to be
	 * kept); closed or failed before, it closes the connection.
	 */
	private abstract static class Body extends InputStream {

		private final HttpConnection connection;

		final InputStream in;

		private final boolean reusable;

		private final HttpConnection.Pool pool;

		private boolean ended;

		private boolean closed;

		private boolean released;

		Body(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool) {
			this.connection = connection;
			this.in = in;
			this.reusable = reusable;
			this.pool = pool;
		}

		/**
		 * Read part of the body.
		 * @return the number of bytes read, or -1 at the end of the body
		 */
		abstract int readBody(byte[] b, int off, int len) throws IOException;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n;
			do {
				n = read(one, 0, 1);
			}
			while (n == 0);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.closed) {
				throw new IOException("the answer's body is closed");
			}
			if (this.ended) {
				return -1;
			}
			if (len == 0) {
				return 0;
			}
			try {
				int n = readBody(b, off, len);
				if (n < 0) {
					end();
				}
				return n;
			}
			catch (IOException | RuntimeException ex) {
				release(false);
				throw ex;
			}
		}

		/**
		 * The body has been read to its end.
		 */
		final void end() {
			this.ended = true;
			// Bytes beyond the end of the answer: the framing did not account for them.
			release(this.reusable && this.connection.consumedExactly());
		}

		private void release(boolean keep) {
			if (this.released) {
				return;
			}
			this.released = true;
			if (keep) {
				this.pool.release(this.connection);
			}
			else {
				this.connection.close();
			}
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				if (!this.ended) {
					release(false);
				}
			}
		}

	}

	private static final class FixedLengthBody extends Body {

		private long remaining;

		FixedLengthBody(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool,
				long length) {
			super(connection, in, reusable, pool);
			this.remaining = length;
			if (length == 0) {
				end();
			}
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			if (this.remaining == 0) {
				return -1;
			}
			int n = this.in.read(b, off, (int) Math.min(len, this.remaining));
			if (n < 0) {
				throw new EOFException("the connection was closed " + this.remaining + " bytes before the end of the answer");
			}
			this.remaining -= n;
			if (this.remaining == 0) {
				end();
			}
			return n;
		}

		@Override
		public int available() throws IOException {
			return (int) Math.min(this.in.available(), this.remaining);
		}

	}

	private static final class ChunkedBody extends Body {

		private long remainingInChunk;

		private boolean first = true;

		ChunkedBody(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool) {
			super(connection, in, reusable, pool);
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			if (this.remainingInChunk == 0) {
				if (!this.first) {
					String end = readLine(this.in, new int[] { MAX_LINE });
					if (end == null || !end.isEmpty()) {
						throw new IOException("malformed chunked answer");
					}
				}
				this.first = false;
				long size = chunkSize();
				if (size == 0) {
					// Trailers, up to the empty line that ends the answer.
					int[] budget = { MAX_HEAD };
					String line;
					do {
						line = readLine(this.in, budget);
						if (line == null) {
							throw new EOFException("the connection was closed before the end of a chunked answer");
						}
					}
					while (!line.isEmpty());
					return -1;
				}
				this.remainingInChunk = size;
			}
			int n = this.in.read(b, off, (int) Math.min(len, this.remainingInChunk));
			if (n < 0) {
				throw new EOFException("the connection was closed before the end of a chunked answer");
			}
			this.remainingInChunk -= n;
			return n;
		}

		private long chunkSize() throws IOException {
			String line = readLine(this.in, new int[] { MAX_LINE });
			if (line == null) {
				throw new EOFException("the connection was closed before the end of a chunked answer");
			}
			int end = line.indexOf(';');
			String hex = ((end >= 0) ? line.substring(0, end) : line).trim();
			if (hex.isEmpty() || hex.length() > 12) {
				throw new IOException("malformed chunk size '" + excerpt(line) + "'");
			}
			long size;
			try {
				size = Long.parseLong(hex, 16);
			}
			catch (NumberFormatException ex) {
				throw new IOException("malformed chunk size '" + excerpt(line) + "'");
			}
			if (size < 0) {
				throw new IOException("malformed chunk size '" + excerpt(line) + "'");
			}
			return size;
		}

		@Override
		public int available() throws IOException {
			return (int) Math.min(this.in.available(), this.remainingInChunk);
		}

	}

	private static final class UntilClosedBody extends Body {

		UntilClosedBody(HttpConnection connection, InputStream in, HttpConnection.Pool pool) {
			super(connection, in, false, pool);
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			return this.in.read(b, off, len);
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

	}

}
